'use strict';
var Va = Object.create;
var ir = Object.defineProperty;
var Ua = Object.getOwnPropertyDescriptor;
var Fa = Object.getOwnPropertyNames;
var ja = Object.getPrototypeOf,
  Ba = Object.prototype.hasOwnProperty;
var _o = (r, e) => {
    for (var t in e) ir(r, t, { get: e[t], enumerable: !0 });
  },
  wo = (r, e, t, n) => {
    if ((e && typeof e == 'object') || typeof e == 'function')
      for (const o of Fa(e))
        !Ba.call(r, o) && o !== t && ir(r, o, { get: () => e[o], enumerable: !(n = Ua(e, o)) || n.enumerable });
    return r;
  };
var Wa = (r, e, t) => (
    (t = r != null ? Va(ja(r)) : {}),
    wo(e || !r || !r.__esModule ? ir(t, 'default', { value: r, enumerable: !0 }) : t, r)
  ),
  Ha = (r) => wo(ir({}, '__esModule', { value: !0 }), r);
var bl = {};
_o(bl, { fromEnvironment: () => Da, handler: () => wl });
module.exports = Ha(bl);
var Ka = require('@aws-sdk/client-sqs');
var Ao = require('@aws-sdk/client-dynamodb'),
  So = require('@aws-sdk/client-secrets-manager'),
  Io = require('@aws-sdk/client-sfn'),
  ko = require('@aws-sdk/client-sns'),
  Po = require('@aws-sdk/lib-dynamodb');
var bo = require('node:async_hooks'),
  Ga = new bo.AsyncLocalStorage();
function on() {
  return Ga.getStore();
}
function tt() {
  const r = on();
  return r ? { credentials: r.credentials } : {};
}
var $o = sn(() => {
    const r = tt(),
      e = new Ao.DynamoDBClient(r);
    return {
      sm: new So.SecretsManagerClient(r),
      sns: new ko.SNSClient(r),
      sfn: new Io.SFNClient(r),
      ddb: e,
      doc: Po.DynamoDBDocumentClient.from(e, { marshallOptions: { removeUndefinedValues: !0 } }),
    };
  }),
  Eo = 0;
function sn(r) {
  const e = new Map();
  return () => {
    let t = on()?.id ?? '',
      n = e.get(t);
    return (n?.generation !== Eo && ((n = { generation: Eo, value: r() }), e.set(t, n)), n.value);
  };
}
var Q = class extends Error {
    constructor(e, t) {
      super(e, t), (this.name = 'RekeyError');
    }
  },
  De = class extends Q {
    constructor(t, n = [], o) {
      super(t, o);
      this.issues = n;
      this.name = 'InvalidEventError';
    }
    issues;
  },
  rt = class extends Q {
    constructor(e, t) {
      super(e, t), (this.name = 'MalformedSecretError');
    }
  },
  Et = class extends Q {
    constructor(e, t) {
      super(e, t), (this.name = 'RotationStateError');
    }
  };
var sr = class extends Q {
  constructor(e, t) {
    super(e, t), (this.name = 'ConfigurationError');
  }
};
var Ee = {
  inventoryTable: 'REKEY_INVENTORY_TABLE',
  fleetTopicArn: 'REKEY_FLEET_TOPIC_ARN',
  opsTopicArn: 'REKEY_OPS_TOPIC_ARN',
  revocationStateMachineArn: 'REKEY_REVOCATION_STATE_MACHINE_ARN',
  secretPrefix: 'REKEY_SECRET_PREFIX',
  eventBusName: 'REKEY_EVENT_BUS_NAME',
  githubWebhookSecretArn: 'REKEY_GITHUB_WEBHOOK_SECRET_ARN',
  githubTokenSecretArn: 'REKEY_GITHUB_TOKEN_SECRET_ARN',
  githubApiBaseUrl: 'REKEY_GITHUB_API_BASE_URL',
  intakeDeadLetterQueueUrl: 'REKEY_INTAKE_DLQ_URL',
};
var an = 'Secret Exposed',
  At = { source: 'rekey.scanner', detailType: an },
  St = { source: 'rekey.github', detailType: an },
  ue = {
    source: 'aws.health',
    detailTypes: ['AWS Health Event', 'AWS Health Abuse Event'],
    eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED',
  },
  Ae = {
    source: 'aws.securityhub',
    detailTypes: ['Security Hub Findings - Imported'],
    resourceType: 'AwsIamAccessKey',
  },
  Se = { source: 'aws.guardduty', detailTypes: ['GuardDuty Finding'], resourceType: 'AccessKey' },
  Ya = [
    { source: At.source, detailTypes: [At.detailType] },
    { source: St.source, detailTypes: [St.detailType] },
    { source: ue.source, detailTypes: ue.detailTypes },
    { source: Ae.source, detailTypes: Ae.detailTypes },
    { source: Se.source, detailTypes: Se.detailTypes },
  ];
var cn = 'finding matched no managed key';
var nt = {
    inventoryTableName: 'InventoryTableName',
    fleetTopicArn: 'FleetTopicArn',
    opsTopicArn: 'OpsTopicArn',
    revocationStateMachineArn: 'RevocationStateMachineArn',
    secretPrefix: 'SecretPrefix',
    operatorPolicyArn: 'OperatorPolicyArn',
  },
  Ja = [nt.inventoryTableName, nt.fleetTopicArn, nt.opsTopicArn, nt.revocationStateMachineArn, nt.secretPrefix];
var O = { generated: 'generated', awsIam: 'aws-iam', openai: 'openai', anthropic: 'anthropic', http: 'http' },
  un = [O.generated, O.awsIam, O.openai, O.anthropic, O.http],
  le = {
    generated: { length: 40, prefix: 'rk_' },
    openai: { baseUrl: 'https://api.openai.com' },
    anthropic: { baseUrl: 'https://api.anthropic.com' },
    http: { createPath: '/keys', testPath: '/whoami', revokePath: '/keys/{keyId}' },
  };
function It(r) {
  const e = process.env[r];
  if (e === void 0 || e === '') throw new sr(`environment variable ${r} is not set`);
  return e;
}
var ar = require('@aws-sdk/client-dynamodb'),
  J = require('@aws-sdk/lib-dynamodb'),
  it = { scheduled: 0, emergency: 1, abuse: 2 },
  ln = { byFingerprint: 'byFingerprint', byKeyId: 'byKeyId', byHint: 'byHint' },
  Ze = (r) => `SECRET#${r}`,
  ot = (r) => `VERSION#${r}`,
  cr = class {
    constructor(e, t, n = () => new Date()) {
      this.doc = e;
      this.tableName = t;
      this.now = n;
    }
    doc;
    tableName;
    now;
    async recordVersion(e, t, n) {
      const o = {
          secretName: e.secretName,
          versionId: e.versionId,
          keyId: e.keyId,
          provider: e.provider,
          fingerprint: e.fingerprint,
          keyHint: e.keyHint,
          ...(e.secretArn ? { secretArn: e.secretArn } : {}),
        },
        i = Object.keys(o).filter((s) => o[s] !== '');
      await this.doc.send(
        new J.UpdateCommand({
          TableName: this.tableName,
          Key: { pk: Ze(e.secretName), sk: ot(e.versionId) },
          UpdateExpression: `SET ${i.map((s, a) => `#f${a} = :f${a}`).join(', ')}, createdAt = if_not_exists(createdAt, :createdAt)`,
          ExpressionAttributeNames: Object.fromEntries(i.map((s, a) => [`#f${a}`, s])),
          ExpressionAttributeValues: {
            ...Object.fromEntries(i.map((s, a) => [`:f${a}`, o[s]])),
            ':createdAt': e.createdAt,
          },
        }),
      ),
        await this.transition(e.secretName, e.versionId, t, n);
    }
    async transition(e, t, n, o, i = {}) {
      const s = this.now().toISOString(),
        a = o ? { status: n, at: s, note: o } : { status: n, at: s },
        c = Object.keys(i);
      try {
        return (
          await this.doc.send(
            new J.UpdateCommand({
              TableName: this.tableName,
              Key: { pk: Ze(e), sk: ot(t) },
              UpdateExpression: [
                'SET #status = :status, history = list_append(if_not_exists(history, :empty), :change), secretName = :secretName, versionId = :versionId',
                n === 'revoked' ? 'revokedAt = :at' : void 0,
                ...c.map((l, u) => `#x${u} = :x${u}`),
              ]
                .filter(Boolean)
                .join(', '),
              ConditionExpression: `attribute_not_exists(#status) OR (#status <> :status AND #status <> :revoked AND #status <> :abandoned${n === 'revoked' ? '' : ' AND #status <> :deactivated'})`,
              ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(c.map((l, u) => [`#x${u}`, l])) },
              ExpressionAttributeValues: {
                ':status': n,
                ':revoked': 'revoked',
                ':abandoned': 'abandoned',
                ...(n === 'revoked' ? {} : { ':deactivated': 'deactivated' }),
                ':change': [a],
                ':empty': [],
                ':secretName': e,
                ':versionId': t,
                ...(n === 'revoked' ? { ':at': s } : {}),
                ...Object.fromEntries(c.map((l, u) => [`:x${u}`, i[l]])),
              },
            }),
          ),
          !0
        );
      } catch (l) {
        if (l instanceof ar.ConditionalCheckFailedException) return !1;
        throw l;
      }
    }
    async annotate(e, t, n) {
      const o = Object.keys(n);
      o.length !== 0 &&
        (await this.doc.send(
          new J.UpdateCommand({
            TableName: this.tableName,
            Key: { pk: Ze(e), sk: ot(t) },
            UpdateExpression: `SET ${o.map((i, s) => `#a${s} = :a${s}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(o.map((i, s) => [`#a${s}`, i])),
            ExpressionAttributeValues: Object.fromEntries(o.map((i, s) => [`:a${s}`, n[i]])),
          }),
        ));
    }
    async recordExposure(e, t, n) {
      const o = this.now().toISOString(),
        i = `${n.findingKey} ${n.outcome}`.slice(0, 400);
      try {
        await this.doc.send(
          new J.UpdateCommand({
            TableName: this.tableName,
            Key: { pk: Ze(e), sk: ot(t) },
            UpdateExpression:
              'SET exposedAt = if_not_exists(exposedAt, :at), exposedBy = :by, secretName = :secretName, versionId = :versionId ADD exposures :entry',
            ConditionExpression: 'attribute_not_exists(exposures) OR NOT contains(exposures, :one)',
            ExpressionAttributeValues: {
              ':at': o,
              ':by': n.findingKey,
              ':secretName': e,
              ':versionId': t,
              ':entry': new Set([i]),
              ':one': i,
            },
          }),
        );
      } catch (s) {
        if (!(s instanceof ar.ConditionalCheckFailedException)) throw s;
      }
    }
    async raiseMode(e, t, n, o) {
      const i = Object.keys(it).filter((s) => it[s] < it[n]);
      try {
        return (
          await this.doc.send(
            new J.UpdateCommand({
              TableName: this.tableName,
              Key: { pk: Ze(e), sk: ot(t) },
              UpdateExpression: 'SET #mode = :mode, reason = :reason, secretName = :secretName, versionId = :versionId',
              ConditionExpression:
                i.length === 0
                  ? 'attribute_not_exists(#mode)'
                  : `attribute_not_exists(#mode) OR #mode IN (${i.map((s, a) => `:l${a}`).join(', ')})`,
              ExpressionAttributeNames: { '#mode': 'mode' },
              ExpressionAttributeValues: {
                ':mode': n,
                ':reason': o.slice(0, 300),
                ':secretName': e,
                ':versionId': t,
                ...Object.fromEntries(i.map((s, a) => [`:l${a}`, s])),
              },
            }),
          ),
          n
        );
      } catch (s) {
        if (!(s instanceof ar.ConditionalCheckFailedException)) throw s;
        return (await this.getVersion(e, t))?.mode ?? n;
      }
    }
    async getVersion(e, t) {
      return (
        await this.doc.send(
          new J.GetCommand({ TableName: this.tableName, Key: { pk: Ze(e), sk: ot(t) }, ConsistentRead: !0 }),
        )
      ).Item;
    }
    async listVersions(e) {
      let t = [],
        n;
      do {
        const o = await this.doc.send(
          new J.QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
            ExpressionAttributeValues: { ':pk': Ze(e), ':sk': 'VERSION#' },
            ExclusiveStartKey: n,
            ConsistentRead: !0,
          }),
        );
        t.push(...(o.Items ?? [])), (n = o.LastEvaluatedKey);
      } while (n);
      return t.sort((o, i) => (o.createdAt ?? '').localeCompare(i.createdAt ?? ''));
    }
    findByFingerprint(e) {
      return this.queryIndex(ln.byFingerprint, 'fingerprint', e);
    }
    findByKeyId(e) {
      return this.queryIndex(ln.byKeyId, 'keyId', e);
    }
    findByHint(e) {
      return this.queryIndex(ln.byHint, 'keyHint', e);
    }
    async queryIndex(e, t, n) {
      return (
        (
          await this.doc.send(
            new J.QueryCommand({
              TableName: this.tableName,
              IndexName: e,
              KeyConditionExpression: '#a = :v',
              ExpressionAttributeNames: { '#a': t },
              ExpressionAttributeValues: { ':v': n },
            }),
          )
        ).Items ?? []
      );
    }
  };
var dn = { PRETTY: 4, COMPACT: 0 };
var w = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 },
  To = ['level', 'message', 'sampling_rate', 'service', 'timestamp'],
  Ro = 'Uncaught error detected, flushing log buffer before exit';
var Ie = {
    REQUEST_ID: Symbol.for('_AWS_LAMBDA_REQUEST_ID'),
    X_RAY_TRACE_ID: Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID'),
    TENANT_ID: Symbol.for('_AWS_LAMBDA_TENANT_ID'),
    TRACEPARENT: Symbol.for('_AWS_LAMBDA_TRACEPARENT'),
    TRACESTATE: Symbol.for('_AWS_LAMBDA_TRACESTATE'),
    BAGGAGE: Symbol.for('_AWS_LAMBDA_BAGGAGE'),
  },
  pn = ['true', '1'].includes(process.env?.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? '');
pn || (globalThis.awslambda = globalThis.awslambda || {});
var ur = class {
    static PROTECTED_KEYS = Ie;
    isProtectedKey(e) {
      return Object.values(Ie).includes(e);
    }
    getRequestId() {
      return this.get(Ie.REQUEST_ID) ?? '-';
    }
    getXRayTraceId() {
      return this.get(Ie.X_RAY_TRACE_ID);
    }
    getTenantId() {
      return this.get(Ie.TENANT_ID);
    }
    getTraceparent() {
      return this.get(Ie.TRACEPARENT);
    }
    getTracestate() {
      return this.get(Ie.TRACESTATE);
    }
    getBaggage() {
      return this.get(Ie.BAGGAGE);
    }
  },
  fn = class extends ur {
    currentContext;
    getContext() {
      return this.currentContext;
    }
    hasContext() {
      return this.currentContext !== void 0;
    }
    get(e) {
      return this.currentContext?.[e];
    }
    set(e, t) {
      if (this.isProtectedKey(e)) throw new Error(`Cannot modify protected Lambda context field: ${String(e)}`);
      (this.currentContext = this.currentContext || {}), (this.currentContext[e] = t);
    }
    run(e, t) {
      return ((this.currentContext = e), t());
    }
  },
  mn = class r extends ur {
    als;
    static async create() {
      const e = new r(),
        t = await import('node:async_hooks');
      return ((e.als = new t.AsyncLocalStorage()), e);
    }
    getContext() {
      return this.als.getStore();
    }
    hasContext() {
      return this.als.getStore() !== void 0;
    }
    get(e) {
      return this.als.getStore()?.[e];
    }
    set(e, t) {
      if (this.isProtectedKey(e)) throw new Error(`Cannot modify protected Lambda context field: ${String(e)}`);
      const n = this.als.getStore();
      if (!n) throw new Error('No context available');
      n[e] = t;
    }
    run(e, t) {
      return this.als.run(e, t);
    }
  },
  zo;
((r) => {
  let e = null;
  async function t(n) {
    return (
      e ||
        (e = (async () => {
          const i = n === !0 || 'AWS_LAMBDA_MAX_CONCURRENCY' in process.env ? await mn.create() : new fn();
          return !pn && globalThis.awslambda?.InvokeStore
            ? globalThis.awslambda.InvokeStore
            : (!pn && globalThis.awslambda && (globalThis.awslambda.InvokeStore = i), i);
        })()),
      e
    );
  }
  (r.getInstanceAsync = t),
    (r._testing =
      process.env.AWS_LAMBDA_BENCHMARK_MODE === '1'
        ? {
            reset: () => {
              (e = null),
                globalThis.awslambda?.InvokeStore && delete globalThis.awslambda.InvokeStore,
                (globalThis.awslambda = { InvokeStore: void 0 });
            },
          }
        : void 0);
})(zo || (zo = {}));
var hn = 'AWS_LAMBDA_INITIALIZATION_TYPE',
  Co = 'AWS_LAMBDA_MAX_CONCURRENCY',
  No = 'POWERTOOLS_DEV';
var Oo = '_X_AMZN_TRACE_ID';
var U = ({ key: r, defaultValue: e, errorMessage: t }) => {
    const n = process.env[r];
    if (n === void 0) {
      if (e !== void 0) return e;
      throw t ? new Error(t) : new Error(`Environment variable ${r} is required`);
    }
    return n.trim();
  },
  Lo = ({ key: r, defaultValue: e, errorMessage: t }) => {
    const n = U({ key: r, defaultValue: String(e), errorMessage: t }),
      o = Number(n);
    if (Number.isNaN(o)) throw new TypeError(`Environment variable ${r} must be a number`);
    return o;
  },
  qa = new Set(['1', 'y', 'yes', 't', 'true', 'on']),
  Qa = new Set(['0', 'n', 'no', 'f', 'false', 'off']),
  yn = ({ key: r, defaultValue: e, errorMessage: t, extendedParsing: n }) => {
    const i = U({ key: r, defaultValue: String(e), errorMessage: t }).toLowerCase();
    if (n) {
      if (qa.has(i)) return !0;
      if (Qa.has(i)) return !1;
    }
    if (i !== 'true' && i !== 'false') throw new Error(`Environment variable ${r} must be a boolean`);
    return i === 'true';
  },
  kt = () => {
    try {
      return yn({ key: No, extendedParsing: !0 });
    } catch {
      return !1;
    }
  };
var ec = () => {
  const r = globalThis.awslambda?.InvokeStore?.getXRayTraceId() ?? U({ key: Oo, defaultValue: '' });
  if (r === '') return;
  if (!r.includes('=')) return { Root: r };
  const e = {};
  for (const t of r.split(';')) {
    const [n, o] = t.split('=');
    e[n] = o;
  }
  return e;
};
var Mo = () => U({ key: Co, defaultValue: '' }) !== '',
  Pt = () => ec()?.Root;
var $t = class {
  #e = !1;
  formatError(e) {
    const { name: t, message: n, stack: o, cause: i, ...s } = e,
      a = {
        name: t,
        location: this.getCodeLocation(e.stack),
        message: n,
        stack:
          kt() && typeof o == 'string'
            ? o?.split(`
`)
            : o,
        cause: i instanceof Error ? this.formatError(i) : i,
      };
    for (const c in e) typeof c == 'string' && !['name', 'message', 'stack', 'cause'].includes(c) && (a[c] = s[c]);
    return a;
  }
  formatTimestamp(e) {
    const n = U({ key: 'TZ', defaultValue: '' });
    return n && !n.includes('UTC') ? this.#t(e, n) : e.toISOString();
  }
  getCodeLocation(e) {
    if (!e) return '';
    const t = e.split(`
`),
      n = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/;
    for (const o of t) {
      const i = n.exec(o);
      if (Array.isArray(i)) return `${i[1]}:${Number(i[2])}`;
    }
    return '';
  }
  #r = (e) => {
    try {
      return (new Intl.DateTimeFormat('en', { timeZone: e }), e);
    } catch {
      return (
        this.#e || ((this.#e = !0), console.warn(`Invalid or unresolvable time zone: "${e}" - falling back to UTC.`)),
        'UTC'
      );
    }
  };
  #o = (e) => {
    const t = '2-digit';
    return new Intl.DateTimeFormat('en', {
      hourCycle: 'h23',
      year: 'numeric',
      month: t,
      day: t,
      hour: t,
      minute: t,
      second: t,
      timeZone: e,
    });
  };
  #t(e, t) {
    const n = this.#r(t),
      {
        year: o,
        month: i,
        day: s,
        hour: a,
        minute: c,
        second: l,
      } = this.#o(n)
        .formatToParts(e)
        .reduce((N, T) => ((N[T.type] = T.value), N), {}),
      u = `${o}-${i}-${s}T${a}:${c}:${l}`,
      d = n === t ? -e.getTimezoneOffset() : 0,
      p = d >= 0 ? '+' : '-',
      h = Math.abs(Math.floor(d / 60))
        .toString()
        .padStart(2, '0'),
      y = Math.abs(d % 60)
        .toString()
        .padStart(2, '0'),
      _ = e.getMilliseconds().toString().padStart(3, '0'),
      C = `${p}${h}:${y}`;
    return `${u}.${_}${C}`;
  }
};
var lr = '2.36.0';
var xd = process.env.AWS_EXECUTION_ENV || 'NA';
var tc = new Set(['__proto__', 'constructor']),
  Tt = (r) => {
    if (typeof r != 'object' || r === null) return !1;
    const e = Object.getPrototypeOf(r);
    return e === Object.prototype || e === null;
  },
  rc = (r, e) => {
    if (Tt(r)) {
      const t = {};
      return (e.push(r), Rt(t, r, e), e.pop(), { skip: !1, value: t });
    }
    if (Array.isArray(r)) {
      if (e.includes(r)) return { skip: !0 };
      const t = [];
      return (e.push(r), dr(t, r, e), e.pop(), { skip: !1, value: t });
    }
    return { skip: !1, value: r };
  },
  nc = (r, e, t, n) => {
    const o = r[e],
      i = Tt(t);
    if (!(i && n.includes(t))) {
      if (i && Tt(o)) {
        n.push(t), Rt(o, t, n), n.pop();
        return;
      }
      if (Array.isArray(t) && Array.isArray(o)) {
        n.includes(t) || (n.push(t), dr(o, t, n), n.pop());
        return;
      }
      if (t !== void 0 || o === void 0) {
        const s = rc(t, n);
        s.skip || (r[e] = s.value);
      }
    }
  },
  dr = (r, e, t) => {
    for (let n = 0; n < e.length; n++) nc(r, n, e[n], t);
  },
  oc = (r, e, t, n, o) => {
    if (!Array.isArray(n)) {
      const i = [];
      dr(i, t, o), (r[e] = i);
      return;
    }
    dr(n, t, o);
  },
  ic = (r, e, t, n, o) => {
    if (Tt(n)) {
      Rt(n, t, o);
      return;
    }
    const i = {};
    Rt(i, t, o), (r[e] = i);
  },
  Rt = (r, e, t) => {
    for (const n of Object.keys(e)) {
      if (tc.has(n)) continue;
      const o = e[n],
        i = r[n];
      if (Array.isArray(o)) {
        if (t.includes(o)) continue;
        t.push(o), oc(r, n, o, i, t), t.pop();
        continue;
      }
      if (Tt(o)) {
        if (t.includes(o)) continue;
        t.push(o), ic(r, n, o, i, t), t.pop();
        continue;
      }
      (o !== void 0 || i === void 0) && (r[n] = o);
    }
  },
  de = (r, ...e) => {
    const t = [r];
    for (const n of e) n != null && (t.push(n), Rt(r, n, t), t.pop());
    return r;
  };
var pr = 'powertools-for-aws',
  Ko = `${pr}.tracer`,
  Do = `${pr}.metrics`,
  Zo = `${pr}.logger`,
  Vo = `${pr}.idempotency`;
var gn = (r) => typeof r == 'string';
var Uo = (r) => Object.is(r, null),
  xn = (r) => Uo(r) || Object.is(r, void 0);
var zt = class {
  #e;
  coldStart = !0;
  defaultServiceName = 'service_undefined';
  constructor() {
    (this.#e = this.getInitializationType()), this.#e !== 'on-demand' && (this.coldStart = !1);
  }
  getInitializationType() {
    const e = process.env[hn]?.trim();
    return e === 'on-demand' ? 'on-demand' : e === 'provisioned-concurrency' ? 'provisioned-concurrency' : 'unknown';
  }
  getColdStart() {
    return this.#e !== 'on-demand' ? !1 : this.coldStart ? ((this.coldStart = !1), !0) : !1;
  }
  isValidServiceName(e) {
    return typeof e == 'string' && e.trim().length > 0;
  }
};
var sc = process.env.AWS_EXECUTION_ENV || 'NA';
if (!process.env.AWS_SDK_UA_APP_ID?.includes('/PTEnv/')) {
  const r = `PT/NO-OP/${lr}/PTEnv/${sc}`;
  process.env.AWS_SDK_UA_APP_ID = process.env.AWS_SDK_UA_APP_ID ? `${process.env.AWS_SDK_UA_APP_ID}/${r}` : r;
}
var st = class {
  attributes = {};
  constructor(e) {
    this.setAttributes(e.attributes);
  }
  addAttributes(e) {
    return (de(this.attributes, e), this);
  }
  getAttributes() {
    return this.attributes;
  }
  prepareForPrint() {
    this.attributes = this.removeEmptyKeys(this.getAttributes());
  }
  removeEmptyKeys(e) {
    const t = {};
    for (const n in e) e[n] !== void 0 && e[n] !== '' && e[n] !== null && (t[n] = e[n]);
    return t;
  }
  setAttributes(e) {
    this.attributes = e;
  }
};
var Fo = require('node:console'),
  jo = require('node:crypto');
var fr = class extends $t {
  #e;
  constructor(e) {
    super(), (this.#e = e?.logRecordOrder);
  }
  formatAttributes(e, t) {
    const n = {
      level: e.logLevel,
      message: e.message,
      timestamp: this.formatTimestamp(e.timestamp),
      service: e.serviceName,
      cold_start: e.lambdaContext?.coldStart,
      function_arn: e.lambdaContext?.invokedFunctionArn,
      function_memory_size: e.lambdaContext?.memoryLimitInMB,
      function_name: e.lambdaContext?.functionName,
      function_request_id: e.lambdaContext?.awsRequestId,
      sampling_rate: e.sampleRateValue,
      xray_trace_id: e.xRayTraceId,
      tenant_id: e.lambdaContext?.tenantId,
    };
    if (this.#e === void 0) return new st({ attributes: n }).addAttributes(t);
    const o = {};
    for (const s of this.#e) s in n && !(s in o) ? (o[s] = n[s]) : s in t && !(s in o) && (o[s] = t[s]);
    for (const s in n) s in o || (o[s] = n[s]);
    for (const s in t) s in o || (o[s] = t[s]);
    return new st({ attributes: o });
  }
};
var pe = class {
  #e;
  #r;
  #o;
  #t;
  constructor(e, t) {
    if (((this.#e = Symbol(e)), 'fresh' in t)) (this.#r = t.fresh), (this.#o = !0);
    else {
      const { initial: n } = t;
      (this.#r = () => n), (this.#o = !1);
    }
  }
  get isScoped() {
    return this.#n() !== void 0;
  }
  get() {
    const e = this.#n();
    if (e === void 0) return this.getShared();
    const t = e.get(this.#e);
    if (t !== void 0) return t[0];
    if (!this.#o) return this.getShared();
    const n = this.#r();
    return (e.set(this.#e, [n]), n);
  }
  set(e) {
    const t = this.#n();
    if (t === void 0) {
      this.setShared(e);
      return;
    }
    t.set(this.#e, [e]);
  }
  reset() {
    const e = this.#n();
    if (e === void 0) {
      this.#t = void 0;
      return;
    }
    e.set(this.#e, void 0);
  }
  getShared() {
    return ((this.#t ??= [this.#r()]), this.#t[0]);
  }
  setShared(e) {
    this.#t = [e];
  }
  #n() {
    if (!Mo()) return;
    const e = globalThis.awslambda?.InvokeStore;
    if (e === void 0) throw new Error('InvokeStore is not available');
    return e.hasContext() ? e : void 0;
  }
};
var mr = class {
  #e = new pe('powertools.logger.temporaryAttributes', { fresh: () => ({}) });
  #r = new pe('powertools.logger.keys', { fresh: () => new Map() });
  #o = new pe('powertools.logger.lambdaContext', { initial: void 0 });
  #t = {};
  #n() {
    return this.#e.get();
  }
  #s() {
    return this.#r.get();
  }
  appendTemporaryKeys(e) {
    const t = this.#n();
    de(t, e);
    const n = this.#s();
    for (const o of Object.keys(e)) n.set(o, 'temp');
  }
  removeTemporaryKeys(e) {
    const t = this.#n(),
      n = this.#s();
    for (const o of e) (t[o] = void 0), this.#t[o] ? n.set(o, 'persistent') : n.delete(o);
  }
  getTemporaryAttributes() {
    return { ...this.#n() };
  }
  clearTemporaryAttributes() {
    const e = this.#n(),
      t = this.#s();
    for (const n of Object.keys(e)) this.#t[n] ? t.set(n, 'persistent') : t.delete(n);
    this.#e.reset();
  }
  setLambdaContext(e) {
    this.#o.set(e);
  }
  getLambdaContext() {
    return this.#o.get();
  }
  setPersistentAttributes(e) {
    const t = this.#s();
    this.#t = { ...e };
    for (const n of Object.keys(e)) t.set(n, 'persistent');
  }
  getPersistentAttributes() {
    return { ...this.#t };
  }
  getAllAttributes() {
    const e = {},
      t = this.#n(),
      n = this.#s();
    for (const [o, i] of Object.entries(this.#t)) i !== void 0 && (e[o] = i);
    for (const [o, i] of n.entries()) i === 'temp' && t[o] !== void 0 && (e[o] = t[o]);
    return e;
  }
  removePersistentKeys(e) {
    const t = this.#s(),
      n = this.#n();
    for (const o of e) (this.#t[o] = void 0), n[o] ? t.set(o, 'temp') : t.delete(o);
  }
};
var vn = class {
    value;
    logLevel;
    byteSize;
    constructor(e, t) {
      if (!gn(e)) throw new Error('Value should be a string');
      (this.value = e), (this.logLevel = t), (this.byteSize = Buffer.byteLength(e));
    }
  },
  _n = class extends Set {
    currentBytesSize = 0;
    hasEvictedLog = !1;
    add(e) {
      return ((this.currentBytesSize += e.byteSize), super.add(e), this);
    }
    delete(e) {
      const t = super.delete(e);
      return (t && (this.currentBytesSize -= e.byteSize), t);
    }
    clear() {
      super.clear(), (this.currentBytesSize = 0);
    }
    shift() {
      const e = this.values().next().value;
      return (e && this.delete(e), e);
    }
  },
  Ct = class extends Map {
    #e;
    #r;
    constructor({ maxBytesSize: e, onBufferOverflow: t }) {
      super(), (this.#e = e), (this.#r = t);
    }
    setItem(e, t, n) {
      const o = new vn(t, n);
      if (o.byteSize > this.#e) throw new Error('Item too big');
      const i = this.get(e) || new _n();
      return (
        i.currentBytesSize !== 0 && i.currentBytesSize + o.byteSize >= this.#e && (this.#o(i, o), this.#r && this.#r()),
        i.add(o),
        super.set(e, i),
        this
      );
    }
    #o(e, t) {
      for (; e.size !== 0 && e.currentBytesSize + t.byteSize >= this.#e; ) e.shift(), (e.hasEvictedLog = !0);
    }
  };
var hr = class {
  #e;
  #r = new pe('powertools.logger.buffer', { fresh: () => new Ct({ maxBytesSize: this.#o }) });
  #o;
  constructor(e) {
    this.#e = new pe('powertools.logger.logLevel', { initial: e });
  }
  getLogLevel() {
    return this.#e.get();
  }
  getBaseLogLevel() {
    return this.#e.getShared();
  }
  setLogLevel(e) {
    this.#e.set(e);
  }
  setBaseLogLevel(e) {
    this.#e.setShared(e);
  }
  configureBuffer(e) {
    (this.#o = e), this.#r.setShared(new Ct({ maxBytesSize: e }));
  }
  #t() {
    return this.#r.get();
  }
  add(e, t, n) {
    const o = this.#t();
    !this.#r.isScoped && o.has(e) === !1 && o.clear(), o.setItem(e, t, n);
  }
  get(e) {
    return this.#t().get(e);
  }
  delete(e) {
    this.#t().delete(e);
  }
};
var Nt = class r extends zt {
  console;
  customConfigService;
  logEvent = !1;
  logFormatter;
  logIndentation = dn.COMPACT;
  #e;
  powertoolsLogData = { sampleRateValue: 0 };
  #r = new mr();
  #o = [];
  #t = !1;
  #n = w.INFO;
  #s;
  #a = { enabled: !1, flushOnErrorLog: !0, maxBytes: 20480, bufferAtVerbosity: w.DEBUG };
  #i = new hr(w.INFO);
  #c;
  #d = { sampleRateValue: 0, refreshedTimes: 0 };
  #g = new Map();
  get level() {
    return this.#i.getLogLevel();
  }
  constructor(e = {}) {
    super();
    const { customConfigService: t, ...n } = e;
    (this.customConfigService = t), this.setOptions(n), (this.#t = !0);
    for (const [o, i] of this.#o) this.printLog(o, this.createAndPopulateLogItem(...i));
    this.#o = [];
  }
  addContext(e) {
    this.#r.setLambdaContext({
      invokedFunctionArn: e.invokedFunctionArn,
      coldStart: this.getColdStart(),
      awsRequestId: e.awsRequestId,
      memoryLimitInMB: e.memoryLimitInMB,
      functionName: e.functionName,
      functionVersion: e.functionVersion,
      tenantId: e.tenantId,
    });
  }
  addPersistentLogAttributes(e) {
    this.appendPersistentKeys(e);
  }
  appendKeys(e) {
    this.#h(e, 'temp');
  }
  appendPersistentKeys(e) {
    this.#h(e, 'persistent');
  }
  createChild(e = {}) {
    const t = 'persistentLogAttributes' in e && !('persistentKeys' in e) ? 'persistentLogAttributes' : 'persistentKeys',
      n = this.createLogger(
        de(
          {},
          {
            logLevel: this.getLevelName(),
            serviceName: this.powertoolsLogData.serviceName,
            sampleRateValue: this.#d.sampleRateValue,
            logFormatter: this.getLogFormatter(),
            customConfigService: this.getCustomConfigService(),
            environment: this.powertoolsLogData.environment,
            [t]: this.#r.getPersistentAttributes(),
            jsonReplacerFn: this.#s,
            correlationIdSearchFn: this.#c,
            ...(this.#a.enabled && {
              logBufferOptions: {
                maxBytes: this.#a.maxBytes,
                bufferAtVerbosity: this.getLogLevelNameFromNumber(this.#a.bufferAtVerbosity),
                flushOnErrorLog: this.#a.flushOnErrorLog,
              },
            }),
          },
          e,
        ),
      ),
      o = this.#r.getLambdaContext();
    o && n.addContext(o);
    const i = this.#r.getTemporaryAttributes();
    return (Object.keys(i).length > 0 && n.appendKeys(i), n);
  }
  critical(e, ...t) {
    this.processLogItem(w.CRITICAL, e, t);
  }
  debug(e, ...t) {
    this.processLogItem(w.DEBUG, e, t);
  }
  error(e, ...t) {
    this.processLogItem(w.ERROR, e, t);
  }
  getLevelName() {
    return this.getLogLevelNameFromNumber(this.#i.getLogLevel());
  }
  getLogEvent() {
    return this.logEvent;
  }
  getPersistentLogAttributes() {
    return this.#r.getPersistentAttributes();
  }
  info(e, ...t) {
    this.processLogItem(w.INFO, e, t);
  }
  injectLambdaContext(e) {
    return (t, n, o) => {
      const i = o.value,
        s = this;
      o.value = async function (...a) {
        s.refreshSampleRateCalculation(),
          s.addContext(a[1]),
          s.logEventIfEnabled(a[0], e?.logEvent),
          e?.correlationIdPath && s.setCorrelationId(a[0], e?.correlationIdPath);
        try {
          return await i.apply(this, a);
        } catch (c) {
          throw (e?.flushBufferOnUncaughtError && (s.flushBuffer(), s.error({ message: Ro, error: c })), c);
        } finally {
          (e?.clearState || e?.resetKeys) && s.resetKeys(), s.clearBuffer();
        }
      };
    };
  }
  static injectLambdaContextAfterOrOnError(e, t, n) {
    n && (n.clearState || n?.resetKeys) && e.resetKeys();
  }
  static injectLambdaContextBefore(e, t, n, o) {
    e.addContext(n), e.logEventIfEnabled(t, o?.logEvent);
  }
  logEventIfEnabled(e, t) {
    this.shouldLogEvent(t) && this.info('Lambda invocation event', { event: e });
  }
  refreshSampleRateCalculation() {
    if (this.#d.refreshedTimes === 0) {
      this.#d.refreshedTimes++;
      return;
    }
    this.#f() && this.#i.getLogLevel() > w.TRACE
      ? (this.setLogLevel('DEBUG'), this.debug('Setting log level to DEBUG due to sampling rate'))
      : this.setLogLevel(this.getLogLevelNameFromNumber(this.#n));
  }
  removeKeys(e) {
    this.#r.removeTemporaryKeys(e);
  }
  removePersistentKeys(e) {
    this.#r.removePersistentKeys(e);
  }
  removePersistentLogAttributes(e) {
    this.removePersistentKeys(e);
  }
  resetKeys() {
    this.#r.clearTemporaryAttributes();
  }
  setLogLevel(e) {
    if (!this.awsLogLevelShortCircuit(e))
      if (this.isValidLogLevel(e)) this.#i.setLogLevel(w[e]);
      else throw new Error(`Invalid log level: ${e}`);
  }
  setPersistentLogAttributes(e) {
    const t = this.#l(e);
    this.#r.setPersistentAttributes(t);
  }
  get persistentLogAttributes() {
    return this.#r.getPersistentAttributes();
  }
  shouldLogEvent(e) {
    return typeof e == 'boolean' ? e : this.getLogEvent();
  }
  trace(e, ...t) {
    this.processLogItem(w.TRACE, e, t);
  }
  warn(e, ...t) {
    this.processLogItem(w.WARN, e, t);
  }
  #m(e) {
    this.#g.has(e) || (this.#g.set(e, !0), this.warn(e));
  }
  createLogger(e) {
    return new r(e);
  }
  getJsonReplacer() {
    const e = [],
      t = this.#s,
      n = this.getLogFormatter();
    return function (o, i) {
      let s = i;
      if ((t && (s = t(o, s)), s instanceof Error && (s = n.formatError(s)), typeof s == 'bigint')) return s.toString();
      if (typeof s == 'object' && s !== null) {
        for (; e.length > 0 && e.at(-1) !== this; ) e.pop();
        if (e.includes(s)) return;
        e.push(s);
      }
      return s;
    };
  }
  addToPowertoolsLogData(e) {
    de(this.powertoolsLogData, e);
  }
  #l(e) {
    const t = {};
    for (const [n, o] of Object.entries(e)) this.#E(n) || (t[n] = o);
    return t;
  }
  #h(e, t) {
    const n = this.#l(e);
    if (t === 'temp') this.#r.appendTemporaryKeys(n);
    else {
      const o = this.#r.getPersistentAttributes();
      this.#r.setPersistentAttributes(de(o, n));
    }
  }
  awsLogLevelShortCircuit(e) {
    return this.#e !== void 0
      ? (this.#i.setBaseLogLevel(w[this.#e]),
        this.isValidLogLevel(e) &&
          this.#i.getBaseLogLevel() > w[e] &&
          this.#m(
            `Current log level (${e}) does not match AWS Lambda Advanced Logging Controls minimum log level (${this.#e}). This can lead to data loss, consider adjusting them.`,
          ),
        !0)
      : !1;
  }
  createAndPopulateLogItem(e, t, n) {
    const o = {
        logLevel: this.getLogLevelNameFromNumber(e),
        timestamp: new Date(),
        xRayTraceId: Pt(),
        ...this.#S(),
        message: '',
      },
      i = this.#r.getAllAttributes();
    return (this.#w(t, o, i), this.#b(n, i), this.getLogFormatter().formatAttributes(o, i));
  }
  #w(e, t, n) {
    if (typeof e == 'string') {
      t.message = e;
      return;
    }
    const { message: o, ...i } = e;
    t.message = o;
    for (const [s, a] of Object.entries(i)) this.#E(s) || (n[s] = a);
  }
  #b(e, t) {
    for (const n of e)
      xn(n) || (n instanceof Error ? (t.error = n) : typeof n == 'string' ? (t.extra = n) : this.#x(n, t));
  }
  #x(e, t) {
    for (const [n, o] of Object.entries(e)) this.#E(n) || (t[n] = o);
  }
  #f() {
    return this.#d.sampleRateValue && (0, jo.randomInt)(0, 100) / 100 <= this.#d.sampleRateValue;
  }
  #E(e) {
    return To.includes(e) ? (this.warn(`The key "${e}" is a reserved key and will be dropped.`), !0) : !1;
  }
  getCustomConfigService() {
    return this.customConfigService;
  }
  getLogFormatter() {
    return this.logFormatter;
  }
  getLogLevelNameFromNumber(e) {
    let t;
    for (const [n, o] of Object.entries(w))
      if (o === e) {
        t = n;
        break;
      }
    return t;
  }
  #S() {
    const e = this.#r.getLambdaContext();
    return e === void 0 ? this.powertoolsLogData : { ...this.powertoolsLogData, lambdaContext: e };
  }
  isValidLogLevel(e) {
    return typeof e == 'string' && e in w;
  }
  isValidSampleRate(e) {
    return typeof e == 'number' && 0 <= e && e <= 1;
  }
  printLog(e, t) {
    t.prepareForPrint();
    const n = e === w.CRITICAL ? 'error' : this.getLogLevelNameFromNumber(e).toLowerCase();
    this.console[n](JSON.stringify(t.getAttributes(), this.getJsonReplacer(), this.logIndentation));
  }
  processLogItem(e, t, n) {
    this.#a.enabled && this.#a.flushOnErrorLog && e >= w.ERROR && e < w.SILENT && this.flushBuffer();
    const o = Pt();
    if (o !== void 0 && this.shouldBufferLog(o, e)) {
      try {
        this.bufferLogItem(o, this.createAndPopulateLogItem(e, t, n), e);
      } catch (i) {
        this.printLog(w.WARN, this.createAndPopulateLogItem(w.WARN, `Unable to buffer log: ${i.message}`, [i])),
          this.printLog(e, this.createAndPopulateLogItem(e, t, n));
      }
      return;
    }
    e >= this.#i.getLogLevel() &&
      (this.#t ? this.printLog(e, this.createAndPopulateLogItem(e, t, n)) : this.#o.push([e, [e, t, n]]));
  }
  setConsole() {
    kt()
      ? (this.console = console)
      : (this.console = new Fo.Console({ stdout: process.stdout, stderr: process.stderr })),
      (this.console.trace = (e, ...t) => {
        this.console.log(e, ...t);
      });
  }
  setInitialLogLevel(e) {
    const t = e?.toUpperCase();
    if (this.awsLogLevelShortCircuit(t)) {
      this.#n = this.#i.getBaseLogLevel();
      return;
    }
    if (this.isValidLogLevel(t)) {
      this.#i.setBaseLogLevel(w[t]), (this.#n = this.#i.getBaseLogLevel());
      return;
    }
    const n = this.getCustomConfigService()?.getLogLevel()?.toUpperCase();
    if (this.isValidLogLevel(n)) {
      this.#i.setBaseLogLevel(w[n]), (this.#n = this.#i.getBaseLogLevel());
      return;
    }
    const o = U({ key: 'POWERTOOLS_LOG_LEVEL', defaultValue: '' }),
      i = U({ key: 'LOG_LEVEL', defaultValue: '' }),
      s = o || i;
    this.isValidLogLevel(s) && (this.#i.setBaseLogLevel(w[s]), (this.#n = this.#i.getBaseLogLevel()));
  }
  setInitialSampleRate(e) {
    const t = e,
      n = this.getCustomConfigService()?.getSampleRateValue(),
      o = Lo({ key: 'POWERTOOLS_LOGGER_SAMPLE_RATE', defaultValue: 0 });
    for (const i of [t, n, o])
      if (this.isValidSampleRate(i)) {
        (this.#d.sampleRateValue = i),
          (this.powertoolsLogData.sampleRateValue = i),
          this.#f() &&
            this.#i.getBaseLogLevel() > w.TRACE &&
            (this.setLogLevel('DEBUG'), this.debug('Setting log level to DEBUG due to sampling rate'));
        break;
      }
  }
  setLogEvent() {
    this.logEvent = yn({ key: 'POWERTOOLS_LOGGER_LOG_EVENT', defaultValue: !1 });
  }
  setLogFormatter(e, t) {
    this.logFormatter = e ?? new fr({ logRecordOrder: t });
  }
  setLogIndentation() {
    kt() && (this.logIndentation = dn.PRETTY);
  }
  setOptions(e) {
    const {
      logLevel: t,
      serviceName: n,
      sampleRateValue: o,
      logFormatter: i,
      persistentKeys: s,
      persistentLogAttributes: a,
      environment: c,
      jsonReplacerFn: l,
      logRecordOrder: u,
      logBufferOptions: d,
      correlationIdSearchFn: p,
    } = e;
    a &&
      Object.keys(a).length > 0 &&
      s &&
      Object.keys(s).length > 0 &&
      this.warn(
        'Both persistentLogAttributes and persistentKeys options were provided. Using persistentKeys as persistentLogAttributes is deprecated and will be removed in future releases',
      ),
      this.setPowertoolsLogData(n, c, s || a);
    const h = U({ key: 'AWS_LAMBDA_LOG_LEVEL', defaultValue: '' }),
      y = h === 'FATAL' ? 'CRITICAL' : h;
    return (
      this.isValidLogLevel(y) && (this.#e = y),
      this.setLogEvent(),
      this.setInitialLogLevel(t),
      this.setInitialSampleRate(o),
      this.setLogFormatter(i, u),
      this.setConsole(),
      this.setLogIndentation(),
      (this.#s = l),
      this.#I(d),
      (this.#c = p),
      this
    );
  }
  setPowertoolsLogData(e, t, n) {
    this.addToPowertoolsLogData({
      awsRegion: U({ key: 'AWS_REGION', defaultValue: '' }),
      environment:
        t || this.getCustomConfigService()?.getCurrentEnvironment() || U({ key: 'ENVIRONMENT', defaultValue: '' }),
      serviceName:
        e ||
        this.getCustomConfigService()?.getServiceName() ||
        U({ key: 'POWERTOOLS_SERVICE_NAME', defaultValue: '' }) ||
        this.defaultServiceName,
    }),
      n && this.appendPersistentKeys(n);
  }
  #I(e) {
    if (e === void 0 || ((this.#a.enabled = e?.enabled !== !1), this.#a.enabled === !1)) return;
    e?.maxBytes !== void 0 && (this.#a.maxBytes = e.maxBytes),
      this.#i.configureBuffer(this.#a.maxBytes),
      e?.flushOnErrorLog === !1 && (this.#a.flushOnErrorLog = !1);
    const t = e?.bufferAtVerbosity?.toUpperCase();
    this.isValidLogLevel(t) && (this.#a.bufferAtVerbosity = w[t]),
      this.#e !== void 0 &&
        w[this.#e] > this.#a.bufferAtVerbosity &&
        this.#m(
          'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Buffered logs will be filtered by ALC',
        );
  }
  bufferLogItem(e, t, n) {
    t.prepareForPrint(),
      this.#i.add(e, JSON.stringify(t.getAttributes(), this.getJsonReplacer(), this.logIndentation), n);
  }
  flushBuffer() {
    if (this.#a.enabled === !1) return;
    const e = Pt();
    if (e === void 0) return;
    const t = this.#i.get(e);
    if (t !== void 0) {
      for (const n of t) {
        const o = this.getLogLevelNameFromNumber(n.logLevel).toLowerCase();
        this.console[o](n.value);
      }
      t.hasEvictedLog &&
        this.printLog(
          w.WARN,
          this.createAndPopulateLogItem(
            w.WARN,
            'Some logs are not displayed because they were evicted from the buffer. Increase buffer size to store more logs in the buffer',
            [],
          ),
        ),
        this.#e !== void 0 &&
          w[this.#e] > this.#a.bufferAtVerbosity &&
          this.#m(
            'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Some logs might be missing.',
          ),
        this.#i.delete(e);
    }
  }
  clearBuffer() {
    if (this.#a.enabled === !1) return;
    const e = Pt();
    e !== void 0 && this.#i.delete(e);
  }
  shouldBufferLog(e, t) {
    return this.#a.enabled && e !== void 0 && t <= this.#a.bufferAtVerbosity;
  }
  setCorrelationId(e, t) {
    if (typeof t == 'string') {
      if (!this.#c) {
        this.#m(
          'correlationIdPath is set but no search function was provided. The correlation ID will not be added to the log attributes.',
        );
        return;
      }
      const n = this.#c(t, e);
      n && this.appendKeys({ correlation_id: n });
      return;
    }
    this.appendKeys({ correlation_id: e });
  }
  getCorrelationId() {
    return this.#r.getTemporaryAttributes().correlation_id;
  }
};
var Bo = Symbol.for('rekey.client.heldSecrets');
function ac() {
  let r = globalThis,
    e = r[Bo];
  return (e === void 0 && ((e = { counts: new Map(), version: 0 }), (r[Bo] = e)), e);
}
function Wo() {
  const r = ac();
  return (
    yr.version !== r.version &&
      ((yr.values = [...r.counts.keys()].sort((e, t) => t.length - e.length)), (yr.version = r.version)),
    yr.values
  );
}
var yr = { version: -1, values: [] };
var Lt = '[REDACTED]',
  Ho = '(?!\\[REDACTED\\])',
  Go = '(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])',
  Ot = '(?:AKIA|ASIA)[A-Z0-9]{16}',
  cc =
    '(?:api[_-]?key|x-api-key|client[_-]?secret|secret[_-]?(?:access[_-]?)?key|(?:access|auth|refresh)[_-]?token|password)',
  Mt = [
    { kind: 'anthropic', re: /(?<![A-Za-z0-9_-])sk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{20,}/g },
    { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/g },
    { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g },
    { kind: 'aws-secret-key', re: new RegExp(`(?<=${Ot}[\\s\\S]{1,100}?)${Go}`, 'g'), requires: new RegExp(Ot) },
    { kind: 'aws-secret-key', re: new RegExp(`${Go}(?=[\\s\\S]{1,100}?${Ot})`, 'g'), requires: new RegExp(Ot) },
    { kind: 'aws-access-key', re: new RegExp(`(?<![A-Z0-9])${Ot}(?![A-Z0-9])`, 'g') },
    { kind: 'rekey-generated', re: /(?<![A-Za-z0-9_])rk_[A-Za-z0-9]{40}(?![A-Za-z0-9])/g },
    { kind: 'bearer', re: new RegExp(`(?<=\\bBearer\\s+)${Ho}[A-Za-z0-9._~+/=-]{16,}`, 'gi') },
    {
      kind: 'api-key-field',
      re: new RegExp(`(?<=(?<![A-Za-z0-9])${cc}["']?\\s*[:=]\\s*["']?)${Ho}[^\\s"'&,;}\\]]{8,}`, 'gi'),
    },
  ];
function Yo(r) {
  for (const { kind: e, re: t } of Mt) {
    if (e === 'bearer' || e === 'api-key-field' || e === 'aws-secret-key') continue;
    if (new RegExp(`^(?:${t.source})$`, t.flags.replace('g', '')).test(r)) return e;
  }
  return 'held-secret';
}
function Kt(r, e = {}) {
  let t = r;
  for (const n of lc(e.known)) t.includes(n) && (t = t.split(n).join(Lt));
  for (const { re: n, requires: o } of Mt) (o !== void 0 && !o.test(t)) || ((n.lastIndex = 0), (t = t.replace(n, Lt)));
  return t;
}
function lc(r) {
  const e = Wo();
  if (r === void 0) return e;
  const t = [...r].filter((n) => n.length >= 8);
  return t.length === 0 ? e : [...new Set([...e, ...t])].sort((n, o) => o.length - n.length);
}
var wn = new Set();
function ee(r) {
  r.length >= 8 && wn.add(r);
}
function Jo() {
  wn.clear();
}
function ke(r) {
  return Kt(r, { known: wn });
}
var E = new Nt({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rekey',
  jsonReplacerFn: (r, e) => (typeof e == 'string' ? ke(e) : e),
});
var ri = require('@aws-sdk/client-iam'),
  ni = require('@aws-sdk/client-sts');
var v = class extends Q {
    constructor(t, n, o) {
      super(`${t}: ${n}`, o);
      this.provider = t;
      (this.name = 'ProviderError'), (this.status = o?.status);
    }
    provider;
    retryable = !1;
    status;
  },
  Pe = class extends v {
    constructor(t, n, o, i) {
      super(t, n, i);
      this.retryAfterMs = o;
      this.name = 'ProviderRateLimitedError';
    }
    retryAfterMs;
    retryable = !0;
  },
  fe = class extends v {
    retryable = !0;
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'ProviderUnavailableError');
    }
  },
  at = class extends v {
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'ProviderUnauthorizedError');
    }
  },
  te = class extends v {
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'ProviderNotFoundError');
    }
  },
  R = class extends v {
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'KeyRejectedError');
    }
  },
  gr = class extends v {
    constructor(e, t) {
      super(e, t), (this.name = 'ManualKeyRequiredError');
    }
  },
  Dt = class extends v {
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'ProviderLimitError');
    }
  };
var Xo = { attempts: 3, timeoutMs: 5e3, baseDelayMs: 200, maxDelayMs: 2e3, maxRetryAfterMs: 5e3 };
async function $e(r, e, t) {
  const n = Math.max(1, e.policy.attempts);
  for (let o = 1; ; o++) {
    let i,
      s = !0;
    try {
      const c = await pc(r, e, t);
      if ((c.status >= 200 && c.status < 300) || t.pass?.includes(c.status)) return c;
      (i = mc(r, t, c)), (s = !(i instanceof Pe));
    } catch (c) {
      if (!(c instanceof v)) throw c;
      i = c;
    }
    if (!i.retryable || o >= n || (s && t.retryAmbiguous === !1)) throw i;
    const a = dc(e, o);
    if (i instanceof Pe && i.retryAfterMs !== void 0) {
      if (i.retryAfterMs > e.policy.maxRetryAfterMs) throw i;
      await e.sleep(Math.max(i.retryAfterMs, a));
    } else await e.sleep(a);
  }
}
function dc(r, e) {
  const t = Math.min(r.policy.maxDelayMs, r.policy.baseDelayMs * 2 ** (e - 1));
  return Math.round(t / 2 + r.random() * (t / 2));
}
async function pc(r, e, t) {
  const n = { accept: 'application/json', ...t.headers };
  t.body !== void 0 && (n['content-type'] = 'application/json');
  try {
    const o = await e.fetch(t.url, {
        method: t.method,
        headers: n,
        body: t.body === void 0 ? void 0 : JSON.stringify(t.body),
        signal: AbortSignal.timeout(e.policy.timeoutMs),
      }),
      i = await o.text();
    return { status: o.status, body: fc(i), headers: o.headers };
  } catch (o) {
    const i = o?.name;
    if (i === 'TimeoutError' || i === 'AbortError') throw new fe(r, `${t.op} timed out after ${e.policy.timeoutMs} ms`);
    const s = (o?.cause?.code ?? i ?? 'error').toString();
    throw new fe(r, `${t.op} failed: network error (${bn(s)})`);
  }
}
function fc(r) {
  if (r !== '')
    try {
      return JSON.parse(r);
    } catch {
      return r;
    }
}
function mc(r, e, t) {
  const n = yc(t.body),
    o = `${e.op} answered HTTP ${t.status}${n ? ` (${n})` : ''}`,
    i = t.status;
  return i === 429
    ? new Pe(r, o, hc(t.headers), { status: i })
    : i >= 500
      ? new fe(r, o, { status: i })
      : (i === 401 || i === 403) && e.auth === 'admin'
        ? new at(r, `${o}: the admin credential was refused`, { status: i })
        : i === 404
          ? new te(r, o, { status: i })
          : new v(r, o, { status: i });
}
function hc(r, e = Date.now) {
  const t = r.get('retry-after-ms');
  if (t !== null && t.trim() !== '' && Number.isFinite(Number(t))) return Math.max(0, Number(t));
  const n = r.get('retry-after');
  if (n === null || n.trim() === '') return;
  if (Number.isFinite(Number(n))) return Math.max(0, Number(n) * 1e3);
  const o = Date.parse(n);
  return Number.isNaN(o) ? void 0 : Math.max(0, o - e());
}
function yc(r) {
  if (!r || typeof r != 'object') return typeof r == 'string' && r ? bn(r) : void 0;
  const e = r,
    t = e.error && typeof e.error == 'object' ? e.error : void 0,
    n = [t ? t.type : typeof e.error == 'string' ? e.error : void 0, t?.code, t ? t.message : e.message].filter(
      (o) => typeof o == 'string' && o !== '',
    );
  return n.length > 0 ? bn([...new Set(n)].join(': ')) : void 0;
}
function Zt(r) {
  if (!r || typeof r != 'object') return;
  const e = r.error;
  if (e && typeof e == 'object') {
    const { code: t, type: n } = e;
    if (typeof t == 'string') return t;
    if (typeof n == 'string') return n;
  }
  return typeof e == 'string' ? e : void 0;
}
function bn(r) {
  return ke(r)
    .replace(/\S*\*{2,}\S*/g, '[REDACTED]')
    .replace(/\b(?:sk|rk|key)[-_][A-Za-z0-9_.-]{6,}/gi, '[REDACTED]')
    .slice(0, 200);
}
var En = (r) => new Promise((e) => setTimeout(e, r));
function Te(r, e) {
  return `${r.replace(/\/+$/, '')}/${e.replace(/^\/+/, '')}`;
}
function j(r, e, t, n) {
  const o = e.options[t];
  if (typeof o == 'string' && o !== '') return o;
  if (n !== void 0) return n;
  throw new v(r, `secret ${e.secretName} has no options.${t}`);
}
function qo(r, e) {
  const t = r.options[e];
  return typeof t == 'string' && t !== '' ? t : void 0;
}
function An(r) {
  return `rekey-${r}`;
}
var Qo = '2023-06-01',
  xr = class {
    constructor(e) {
      this.http = e;
    }
    http;
    name = O.anthropic;
    mintsKeys = !1;
    twoPhaseRevoke = !0;
    async createKey(e) {
      throw new gr(
        this.name,
        `the Admin API cannot create keys; supply the next key for ${e.secretName} with rekey put`,
      );
    }
    async testKey(e, t) {
      const n = await this.models(e, t.apiKey);
      if (n.status === 401 || n.status === 403)
        throw new R(
          this.name,
          `key ${t.keyId} was refused by GET /v1/models (HTTP ${n.status}, ${Zt(n.body) ?? 'no type'})`,
          { status: n.status },
        );
    }
    async revokeKey(e, t) {
      await this.setStatus(e, t, 'inactive');
    }
    async deleteKey(e, t) {
      await this.setStatus(e, t, 'archived');
    }
    async isRevoked(e, t) {
      return (await this.getKey(e, await e.adminCredential(), t.keyId))?.status !== 'active';
    }
    async identifyKey(e, t) {
      let n = await e.adminCredential(),
        o = qo(e, 'workspaceId'),
        i = [],
        s;
      for (let a = 0; a < 100; a++) {
        const c = new URLSearchParams({ limit: '1000', status: 'active' });
        o && c.set('workspace_id', o), s && c.set('after_id', s);
        const u = (
          await this.admin(e, n, { op: 'list api keys', method: 'GET', path: `/v1/organizations/api_keys?${c}` })
        ).body;
        for (const d of u?.data ?? [])
          (d.status && d.status !== 'active') ||
            (o && d.workspace_id && d.workspace_id !== o) ||
            (d.partial_key_hint && gc(d.partial_key_hint, t) && i.push(d.id));
        if (((s = u?.last_id ?? void 0), !u?.has_more || !s)) break;
      }
      if (i.length === 1 && i[0]) return i[0];
      throw new v(
        this.name,
        i.length === 0
          ? `no active key of the organisation${o ? ` in workspace ${o}` : ''} matches the supplied key`
          : `${i.length} active keys (${i.join(', ')}) match the supplied key's hint; archive the stale one first`,
      );
    }
    async setStatus(e, t, n) {
      if (e.currentKeyId && t.keyId === e.currentKeyId)
        throw new v(this.name, `refusing to make key ${t.keyId} ${n}: it is AWSCURRENT`);
      const o = await e.adminCredential(),
        i = await this.getKey(e, o, t.keyId);
      !i ||
        i.status === 'archived' ||
        i.status === n ||
        (await this.admin(e, o, {
          op: `set api key ${t.keyId} ${n}`,
          method: 'POST',
          path: `/v1/organizations/api_keys/${encodeURIComponent(t.keyId)}`,
          body: { status: n },
          pass: [404],
        }));
    }
    async getKey(e, t, n) {
      const o = await this.admin(e, t, {
        op: `get api key ${n}`,
        method: 'GET',
        path: `/v1/organizations/api_keys/${encodeURIComponent(n)}`,
        pass: [404],
      });
      return o.status === 404 ? void 0 : o.body;
    }
    models(e, t) {
      return $e(this.name, this.http, {
        op: 'GET /v1/models',
        method: 'GET',
        url: Te(this.baseUrl(e), '/v1/models'),
        headers: { 'x-api-key': t, 'anthropic-version': Qo },
        auth: 'key',
        pass: [401, 403],
      });
    }
    admin(e, t, n) {
      return $e(this.name, this.http, {
        ...n,
        url: Te(this.baseUrl(e), n.path),
        headers: { 'x-api-key': t, 'anthropic-version': Qo },
        auth: 'admin',
      });
    }
    baseUrl(e) {
      return j(this.name, e, 'baseUrl', le.anthropic.baseUrl);
    }
  };
function gc(r, e) {
  const t = r.split(/\.\.\.|…/);
  if (t.length !== 2) return !1;
  const [n = '', o = ''] = t;
  return n.length < 8 || o.length < 2 ? !1 : e.length > n.length + o.length && e.startsWith(n) && e.endsWith(o);
}
var L = require('@aws-sdk/client-iam'),
  ei = require('@aws-sdk/client-sts');
var xc = 2,
  Ut = 'rekey-pending-',
  vr = 'minting:',
  vc = 6e4;
function Vt(r) {
  return `${Ut}${r.replace(/[^\w.:/=+@-]/g, '')}`.slice(0, 128);
}
var ti = new Set([
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'UnrecognizedClientException',
    'AccessDenied',
    'AccessDeniedException',
    'ExpiredToken',
  ]),
  _r = class {
    constructor(e) {
      this.deps = e;
    }
    deps;
    name = O.awsIam;
    mintsKeys = !0;
    twoPhaseRevoke = !0;
    async createKey(e) {
      let t = this.userName(e),
        n = Vt(e.token),
        o = new Set([e.currentKeyId, e.previousKeyId].filter((p) => !!p)),
        i = await this.tags(t),
        s = await this.keys(t),
        a = new Set(i.filter((p) => p.Key !== n && p.Key?.startsWith(Ut)).map((p) => p.Value ?? ''));
      (await this.deleteUnstored(e, t, i, s)) && (s = await this.keys(t));
      for (const p of i) {
        if (!p.Key?.startsWith(Ut) || p.Key === n) continue;
        const h = p.Value ?? '';
        (o.has(h) || (!h.startsWith(vr) && !s.some((y) => y.AccessKeyId === h))) && (await this.untag(t, p.Key));
      }
      if (s.length >= xc) {
        const p = s.map((h) => {
          const y = h.AccessKeyId ?? '?';
          return y === e.currentKeyId
            ? `${y} (AWSCURRENT)`
            : y === e.previousKeyId
              ? `${y} (AWSPREVIOUS, awaiting revocation)`
              : a.has(y)
                ? `${y} (minted by another rotation in flight)`
                : `${y} (${h.Status ?? 'unknown status'}, not a version of ${e.secretName})`;
        });
        throw new Dt(
          this.name,
          `user ${t} already has ${s.length} access keys: ${p.join(', ')}; rekey never deletes a key to make room: revoke the previous key or delete the stray one first`,
        );
      }
      await this.tag(t, n, `${vr}${Math.floor(this.deps.now() / 1e3)}`);
      let c = new Set(s.map((p) => p.AccessKeyId)),
        l;
      try {
        l = (await this.deps.iam.send(new L.CreateAccessKeyCommand({ UserName: t }))).AccessKey;
      } catch (p) {
        throw (await this.deleteNewKeys(t, c, void 0), me(this.name, `CreateAccessKey for user ${t}`, p));
      }
      const u = l?.AccessKeyId,
        d = l?.SecretAccessKey;
      if (!u || !d) throw new v(this.name, 'CreateAccessKey returned no key');
      return (ee(d), await this.deleteNewKeys(t, c, u), await this.tag(t, n, u), { apiKey: d, keyId: u });
    }
    async discardUnstored(e) {
      const t = this.userName(e),
        n = await this.tags(t);
      n.some((o) => o.Key === Vt(e.token)) &&
        (await this.deleteUnstored(e, t, n, await this.keys(t)), await this.untag(t, Vt(e.token)));
    }
    async deleteUnstored(e, t, n, o) {
      const i = Vt(e.token),
        s = n.find((u) => u.Key === i)?.Value;
      if (s === void 0) return !1;
      const a = new Set([e.currentKeyId, e.previousKeyId].filter((u) => !!u)),
        c = new Set(n.filter((u) => u.Key !== i && u.Key?.startsWith(Ut)).map((u) => u.Value ?? '')),
        l = o.filter((u) => {
          if (!u.AccessKeyId || a.has(u.AccessKeyId) || c.has(u.AccessKeyId)) return !1;
          if (s.startsWith(vr)) {
            const d = Number(s.slice(vr.length)) * 1e3 - vc;
            return (u.CreateDate?.getTime() ?? 0) >= d;
          }
          return u.AccessKeyId === s;
        });
      for (const u of l)
        E.warn('deleting an access key an earlier attempt minted but never stored', {
          secretName: e.secretName,
          userName: t,
          accessKeyId: u.AccessKeyId,
        }),
          await this.deleteAccessKey(t, u.AccessKeyId);
      return l.length > 0;
    }
    async keyStored(e) {
      await this.untag(this.userName(e), Vt(e.token));
    }
    async testKey(e, t) {
      const n = this.userName(e),
        o = (await this.keys(n)).find((a) => a.AccessKeyId === t.keyId)?.Status;
      if (o === void 0) throw new R(this.name, `access key ${t.keyId} does not exist`);
      if (o !== 'Active') throw new R(this.name, `access key ${t.keyId} is ${o}`);
      const i = this.deps.now() + (this.deps.propagationTimeoutMs ?? 3e4),
        s = this.deps.stsFor({ accessKeyId: t.keyId, secretAccessKey: t.apiKey });
      for (let a = 1; ; a++)
        try {
          const l = (await s.send(new ei.GetCallerIdentityCommand({}))).Arn ?? '';
          if (!l.includes(':user/') || !l.endsWith(`/${n}`))
            throw new R(this.name, `access key ${t.keyId} signs as ${l}, not as user ${n}`);
          return;
        } catch (c) {
          if (c instanceof R) throw c;
          const l = c.name;
          if (!ti.has(l)) throw me(this.name, `GetCallerIdentity with ${t.keyId}`, c);
          const u = Math.min(4e3, (this.deps.propagationBaseDelayMs ?? 500) * 2 ** (a - 1)),
            d = Math.round(u / 2 + this.deps.random() * (u / 2));
          if (this.deps.now() + d > i)
            throw new R(
              this.name,
              `STS refused access key ${t.keyId} (${l}) for ${this.deps.propagationTimeoutMs ?? 3e4} ms`,
              { cause: c },
            );
          await this.deps.sleep(d);
        }
    }
    async revokeKey(e, t) {
      this.refuseCurrent(e, t, 'deactivate');
      try {
        await this.deps.iam.send(
          new L.UpdateAccessKeyCommand({ UserName: this.userName(e), AccessKeyId: t.keyId, Status: 'Inactive' }),
        );
      } catch (n) {
        const o = me(this.name, `UpdateAccessKey ${t.keyId} Inactive`, n);
        if (!(o instanceof te)) throw o;
      }
    }
    async deleteKey(e, t) {
      this.refuseCurrent(e, t, 'delete');
      const n = this.userName(e);
      await this.deleteAccessKey(n, t.keyId);
      for (const o of await this.tags(n)) o.Key?.startsWith(Ut) && o.Value === t.keyId && (await this.untag(n, o.Key));
    }
    async isRevoked(e, t) {
      return (await this.keys(this.userName(e))).find((o) => o.AccessKeyId === t.keyId)?.Status !== 'Active';
    }
    async lastUsed(e, t) {
      try {
        return (
          (await this.deps.iam.send(new L.GetAccessKeyLastUsedCommand({ AccessKeyId: t.keyId }))).AccessKeyLastUsed
            ?.LastUsedDate ?? void 0
        );
      } catch (n) {
        const o = me(this.name, `GetAccessKeyLastUsed ${t.keyId}`, n);
        if (o instanceof te) return;
        throw o;
      }
    }
    refuseCurrent(e, t, n) {
      if (e.currentKeyId && t.keyId === e.currentKeyId)
        throw new v(this.name, `refusing to ${n} access key ${t.keyId}: it is AWSCURRENT`);
    }
    userName(e) {
      return j(this.name, e, 'userName');
    }
    async deleteNewKeys(e, t, n) {
      let o;
      try {
        o = await this.keys(e);
      } catch (i) {
        E.warn('could not list keys after CreateAccessKey; a replay cleans up by the pending tag', {
          userName: e,
          error: i.message,
        });
        return;
      }
      for (const i of o)
        i.AccessKeyId &&
          !t.has(i.AccessKeyId) &&
          i.AccessKeyId !== n &&
          (E.warn('deleting an access key whose secret was never returned', {
            userName: e,
            accessKeyId: i.AccessKeyId,
          }),
          await this.deleteAccessKey(e, i.AccessKeyId));
    }
    async deleteAccessKey(e, t) {
      try {
        await this.deps.iam.send(new L.DeleteAccessKeyCommand({ UserName: e, AccessKeyId: t }));
      } catch (n) {
        const o = me(this.name, `DeleteAccessKey ${t}`, n);
        if (!(o instanceof te)) throw o;
      }
    }
    async keys(e) {
      let t = [],
        n;
      try {
        do {
          const o = await this.deps.iam.send(new L.ListAccessKeysCommand({ UserName: e, Marker: n }));
          t.push(...(o.AccessKeyMetadata ?? [])), (n = o.IsTruncated ? o.Marker : void 0);
        } while (n);
      } catch (o) {
        throw me(this.name, `ListAccessKeys for user ${e}`, o);
      }
      return t;
    }
    async tags(e) {
      let t = [],
        n;
      try {
        do {
          const o = await this.deps.iam.send(new L.ListUserTagsCommand({ UserName: e, Marker: n }));
          t.push(...(o.Tags ?? [])), (n = o.IsTruncated ? o.Marker : void 0);
        } while (n);
      } catch (o) {
        throw me(this.name, `ListUserTags for user ${e}`, o);
      }
      return t;
    }
    async tag(e, t, n) {
      try {
        await this.deps.iam.send(new L.TagUserCommand({ UserName: e, Tags: [{ Key: t, Value: n }] }));
      } catch (o) {
        throw me(this.name, `TagUser ${e}`, o);
      }
    }
    async untag(e, t) {
      try {
        await this.deps.iam.send(new L.UntagUserCommand({ UserName: e, TagKeys: [t] }));
      } catch (n) {
        const o = me(this.name, `UntagUser ${e}`, n);
        if (!(o instanceof te)) throw o;
      }
    }
  };
function me(r, e, t) {
  if (t instanceof v) return t;
  const n = t?.name ?? 'Error',
    o = t?.$metadata?.httpStatusCode,
    i = `${e} failed (${n})`,
    s = { cause: t, status: o };
  return n === 'NoSuchEntity' || n === 'NoSuchEntityException'
    ? new te(r, i, s)
    : n === 'LimitExceeded' || n === 'LimitExceededException'
      ? new Dt(r, i, s)
      : n === 'Throttling' || n === 'ThrottlingException' || n === 'TooManyRequestsException'
        ? new Pe(r, i, void 0, s)
        : ti.has(n)
          ? new at(r, i, s)
          : n === 'ServiceFailure' || n === 'ServiceFailureException' || (o ?? 0) >= 500
            ? new fe(r, i, s)
            : n === 'TimeoutError' || n === 'AbortError' || /ECONN|ETIMEDOUT|socket/i.test(String(t))
              ? new fe(r, i, s)
              : new v(r, i, s);
}
var ct = require('@aws-sdk/client-secrets-manager');
var Sn = le.generated,
  wr = class {
    constructor(e) {
      this.sm = e;
    }
    sm;
    name = O.generated;
    mintsKeys = !0;
    twoPhaseRevoke = !1;
    async createKey(e) {
      const t = typeof e.options.length == 'number' ? e.options.length : Sn.length,
        n = typeof e.options.prefix == 'string' ? e.options.prefix : Sn.prefix,
        o = await this.sm.send(
          new ct.GetRandomPasswordCommand({ PasswordLength: t, ExcludePunctuation: !0, IncludeSpace: !1 }),
        );
      if (!o.RandomPassword) throw new v(this.name, 'GetRandomPassword returned no password');
      return { apiKey: `${n}${o.RandomPassword}`, keyId: e.token };
    }
    async testKey(e, t) {
      const n = typeof e.options.prefix == 'string' ? e.options.prefix : Sn.prefix;
      if (!t.apiKey.startsWith(n) || !/^[A-Za-z0-9]+$/.test(t.apiKey.slice(n.length)))
        throw new R(this.name, `token ${t.keyId} is not a well-formed generated token`);
      if (await this.isRevoked(e, t)) throw new R(this.name, `token ${t.keyId} is retired`);
    }
    async revokeKey(e, t) {
      const n = t.versionId ?? t.keyId,
        o = await this.stagesOf(e.secretName, n);
      if (o.includes('AWSCURRENT')) throw new v(this.name, `refusing to retire version ${n}: it is AWSCURRENT`);
      for (const i of o)
        await this.sm.send(
          new ct.UpdateSecretVersionStageCommand({ SecretId: e.secretName, VersionStage: i, RemoveFromVersionId: n }),
        );
    }
    async isRevoked(e, t) {
      return (await this.stagesOf(e.secretName, t.versionId ?? t.keyId)).length === 0;
    }
    async stagesOf(e, t) {
      return (await this.sm.send(new ct.DescribeSecretCommand({ SecretId: e }))).VersionIdsToStages?.[t] ?? [];
    }
  };
var In = le.http,
  br = class {
    constructor(e) {
      this.http = e;
    }
    http;
    name = O.http;
    mintsKeys = !0;
    twoPhaseRevoke = !1;
    async createKey(e) {
      const t = await this.call(e, {
          op: 'create key',
          method: 'POST',
          path: j(this.name, e, 'createPath', In.createPath),
          bearer: await e.adminCredential(),
          auth: 'admin',
          body: { idempotencyKey: e.token, name: `rekey-${e.secretName}` },
        }),
        n = t.body;
      if (typeof n?.id != 'string' || typeof n.key != 'string' || !n.id || !n.key)
        throw new v(this.name, `create key answered HTTP ${t.status} without { id, key }`);
      return (ee(n.key), { apiKey: n.key, keyId: n.id });
    }
    async discardUnstored(e) {
      const { keyId: t } = await this.createKey(e);
      await this.revokeKey(e, { keyId: t, versionId: e.token });
    }
    async testKey(e, t) {
      const n = await this.probe(e, t.apiKey);
      if (n.status === 401 || n.status === 403)
        throw new R(this.name, `key ${t.keyId} was refused (HTTP ${n.status})`, { status: n.status });
    }
    async revokeKey(e, t) {
      if (e.currentKeyId && t.keyId === e.currentKeyId)
        throw new v(this.name, `refusing to revoke key ${t.keyId}: it is AWSCURRENT`);
      const n = j(this.name, e, 'revokePath', In.revokePath).replaceAll('{keyId}', encodeURIComponent(t.keyId));
      await this.call(e, {
        op: `revoke key ${t.keyId}`,
        method: 'DELETE',
        path: n,
        bearer: await e.adminCredential(),
        auth: 'admin',
        pass: [404],
      });
    }
    async isRevoked(e, t) {
      if (!t.apiKey) throw new v(this.name, `cannot tell whether key ${t.keyId} is revoked without it`);
      return (await this.probe(e, t.apiKey)).status === 401;
    }
    probe(e, t) {
      return this.call(e, {
        op: 'test key',
        method: 'GET',
        path: j(this.name, e, 'testPath', In.testPath),
        bearer: t,
        auth: 'key',
        pass: [401, 403],
      });
    }
    call(e, t) {
      return $e(this.name, this.http, {
        op: t.op,
        method: t.method,
        url: Te(j(this.name, e, 'baseUrl'), t.path),
        headers: { authorization: `Bearer ${t.bearer}` },
        body: t.body,
        auth: t.auth,
        pass: t.pass,
      });
    }
  };
var Er = class {
  constructor(e) {
    this.http = e;
  }
  http;
  name = O.openai;
  mintsKeys = !0;
  twoPhaseRevoke = !1;
  async createKey(e) {
    const t = An(e.token),
      n = await e.adminCredential();
    for (const c of await this.findServiceAccounts(e, n, t))
      E.warn('deleting a service account minted by an earlier attempt whose key was never stored', {
        secretName: e.secretName,
        serviceAccountId: c.id,
      }),
        await this.deleteServiceAccount(e, n, c.id);
    let o;
    try {
      o = await this.admin(e, n, {
        op: `create service account ${t}`,
        method: 'POST',
        path: '/service_accounts',
        body: { name: t },
        retryAmbiguous: !1,
      });
    } catch (c) {
      throw (await this.cleanUpAfterFailedCreate(e, n, t), c);
    }
    const i = o.body,
      s = i?.api_key?.value,
      a = i?.api_key?.id;
    if (typeof s != 'string' || typeof a != 'string' || !s)
      throw (
        typeof i?.id == 'string' && (await this.deleteServiceAccount(e, n, i.id)),
        new v(this.name, `create service account ${t} answered without an api_key`)
      );
    return (ee(s), { apiKey: s, keyId: a });
  }
  async discardUnstored(e) {
    const t = await e.adminCredential();
    for (const n of await this.findServiceAccounts(e, t, An(e.token))) await this.deleteServiceAccount(e, t, n.id);
  }
  async testKey(e, t) {
    const n = await this.models(e, t.apiKey);
    if (n.status === 401 || n.status === 403)
      throw new R(
        this.name,
        `key ${t.keyId} was refused by GET /v1/models (HTTP ${n.status}, ${Zt(n.body) ?? 'no code'})`,
        { status: n.status },
      );
  }
  async revokeKey(e, t) {
    if (e.currentKeyId && t.keyId === e.currentKeyId)
      throw new v(this.name, `refusing to revoke key ${t.keyId}: it is AWSCURRENT`);
    const n = await e.adminCredential(),
      o = await this.getApiKey(e, n, t.keyId);
    if (!o) return;
    const i = o.owner?.service_account;
    o.owner?.type === 'service_account' && i?.id && i.name?.startsWith('rekey-')
      ? await this.deleteServiceAccount(e, n, i.id)
      : await this.admin(e, n, {
          op: `delete api key ${t.keyId}`,
          method: 'DELETE',
          path: `/api_keys/${encodeURIComponent(t.keyId)}`,
          pass: [404],
        });
  }
  async isRevoked(e, t) {
    const n = await e.adminCredential();
    if (!(await this.getApiKey(e, n, t.keyId))) return !0;
    if (t.apiKey) {
      const o = await this.models(e, t.apiKey);
      return o.status === 401 && Zt(o.body) === 'invalid_api_key';
    }
    return !1;
  }
  async lastUsed(e, t) {
    const n = await e.adminCredential(),
      o = await this.getApiKey(e, n, t.keyId);
    return typeof o?.last_used_at == 'number' ? new Date(o.last_used_at * 1e3) : void 0;
  }
  models(e, t) {
    return $e(this.name, this.http, {
      op: 'GET /v1/models',
      method: 'GET',
      url: Te(this.baseUrl(e), '/v1/models'),
      headers: { authorization: `Bearer ${t}` },
      auth: 'key',
      pass: [401, 403],
    });
  }
  async getApiKey(e, t, n) {
    const o = await this.admin(e, t, {
      op: `get api key ${n}`,
      method: 'GET',
      path: `/api_keys/${encodeURIComponent(n)}`,
      pass: [404],
    });
    return o.status === 404 ? void 0 : o.body;
  }
  async findServiceAccounts(e, t, n) {
    let o = [],
      i;
    for (let s = 0; s < 100; s++) {
      const a = `?limit=100${i ? `&after=${encodeURIComponent(i)}` : ''}`,
        l = (await this.admin(e, t, { op: 'list service accounts', method: 'GET', path: `/service_accounts${a}` }))
          .body,
        u = l?.data ?? [];
      if ((o.push(...u.filter((d) => d.name === n)), (i = l?.last_id ?? u.at(-1)?.id), !l?.has_more || !i)) break;
    }
    return o;
  }
  async deleteServiceAccount(e, t, n) {
    await this.admin(e, t, {
      op: `delete service account ${n}`,
      method: 'DELETE',
      path: `/service_accounts/${encodeURIComponent(n)}`,
      pass: [404],
    });
  }
  async cleanUpAfterFailedCreate(e, t, n) {
    try {
      for (const o of await this.findServiceAccounts(e, t, n)) await this.deleteServiceAccount(e, t, o.id);
    } catch (o) {
      E.warn('could not clean up after a failed create; the replay will', {
        secretName: e.secretName,
        error: o.message,
      });
    }
  }
  admin(e, t, n) {
    const o = encodeURIComponent(j(this.name, e, 'projectId'));
    return $e(this.name, this.http, {
      op: n.op,
      method: n.method,
      url: Te(this.baseUrl(e), `/v1/organization/projects/${o}${n.path}`),
      headers: { authorization: `Bearer ${t}` },
      body: n.body,
      auth: 'admin',
      pass: n.pass,
      retryAmbiguous: n.retryAmbiguous,
    });
  }
  baseUrl(e) {
    return j(this.name, e, 'baseUrl', le.openai.baseUrl);
  }
};
function oi(r) {
  const e = new Map();
  return (t) => {
    let n = e.get(t);
    return (n || ((n = _c(t, r)), e.set(t, n)), n);
  };
}
function kn(r) {
  return {
    fetch: r.fetch ?? ((e, t) => globalThis.fetch(e, t)),
    sleep: r.sleep ?? En,
    random: r.random ?? Math.random,
    policy: { ...Xo, ...r.httpPolicy },
  };
}
function _c(r, e) {
  switch (r) {
    case 'generated':
      return new wr(e.secretsManager);
    case 'aws-iam':
      return new _r({
        iam: e.iam ?? new ri.IAMClient(tt()),
        stsFor: e.stsFor ?? ((t) => new ni.STSClient({ credentials: t })),
        sleep: e.sleep ?? En,
        random: e.random ?? Math.random,
        now: e.now ?? Date.now,
        propagationTimeoutMs: e.iamPropagationTimeoutMs,
      });
    case 'openai':
      return new Er(kn(e));
    case 'anthropic':
      return new xr(kn(e));
    case 'http':
      return new br(kn(e));
    default:
      throw new v(r, 'provider is not available in this build');
  }
}
var D = { INPROGRESS: 'INPROGRESS', COMPLETED: 'COMPLETED', EXPIRED: 'EXPIRED' },
  Ve = {
    statusAttr: 'status',
    expiryAttr: 'expiration',
    inProgressExpiryAttr: 'in_progress_expiration',
    dataAttr: 'data',
    validationKeyAttr: 'validation',
  };
var Z = class extends Error {
    constructor(e, t) {
      super(e, t), (this.name = 'IdempotencyUnknownError');
    }
  },
  Ue = class extends Z {
    existingRecord;
    constructor(e, t, n) {
      super(e, n), (this.name = 'IdempotencyItemAlreadyExistsError'), (this.existingRecord = t);
    }
  },
  Ft = class extends Z {
    constructor(e, t) {
      super(e, t), (this.name = 'IdempotencyItemNotFoundError');
    }
  },
  Fe = class extends Z {
    existingRecord;
    constructor(e, t, n) {
      super(e, n), (this.name = 'IdempotencyAlreadyInProgressError'), (this.existingRecord = t);
    }
  },
  jt = class extends Z {
    constructor(e, t) {
      super(e, t), (this.name = 'IdempotencyInvalidStatusError');
    }
  },
  Bt = class extends Z {
    existingRecord;
    constructor(e, t, n) {
      super(e, n), (this.name = 'IdempotencyValidationError'), (this.existingRecord = t);
    }
  },
  ut = class extends Z {
    constructor(e, t) {
      super(e, t), (this.name = 'IdempotencyInconsistentStateError');
    }
  },
  je = class extends Z {
    constructor(e, t) {
      super(e, t), (this.name = 'IdempotencyPersistenceLayerError');
    }
  },
  Wt = class extends Z {
    constructor(e, t) {
      super(e, t), (this.name = 'IdempotencyKeyError');
    }
  };
var Pn = ({ key: r, defaultValue: e, errorMessage: t }) => {
  const n = process.env[r];
  if (n === void 0) {
    if (e !== void 0) return e;
    throw t ? new Error(t) : new Error(`Environment variable ${r} is required`);
  }
  return n.trim();
};
var bc = new Set(['1', 'y', 'yes', 't', 'true', 'on']),
  Ec = new Set(['0', 'n', 'no', 'f', 'false', 'off']),
  ii = ({ key: r, defaultValue: e, errorMessage: t, extendedParsing: n }) => {
    const i = Pn({ key: r, defaultValue: String(e), errorMessage: t }).toLowerCase();
    if (n) {
      if (bc.has(i)) return !0;
      if (Ec.has(i)) return !1;
    }
    if (i !== 'true' && i !== 'false') throw new Error(`Environment variable ${r} must be a boolean`);
    return i === 'true';
  };
var pi = require('node:zlib');
var Ac = /^[A-Za-z0-9+/]*={0,2}$/,
  $n = (r, e) => {
    if ((r.length * 3) % 4 !== 0) throw new TypeError('Incorrect padding on base64 string.');
    if (!Ac.exec(r)) throw new TypeError('Invalid base64 string.');
    const t = e ? Buffer.from(r, e) : Buffer.from(r);
    return new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
  };
var B = (r) => Object.prototype.toString.call(r) === '[object Object]' && !Object.is(r, null),
  Tn = (r) => typeof r == 'string',
  he = (r) => typeof r == 'number',
  lt = (r) => he(r) && Number.isInteger(r),
  Rn = (r) =>
    Tn(r)
      ? r !== ''
      : he(r)
        ? r !== 0
        : typeof r == 'boolean'
          ? r
          : Array.isArray(r)
            ? r.length > 0
            : B(r)
              ? Object.keys(r).length > 0
              : !1,
  si = (r) => Object.is(r, null);
var V = (r) =>
    Array.isArray(r)
      ? 'array'
      : B(r)
        ? 'object'
        : Tn(r)
          ? 'string'
          : he(r)
            ? 'number'
            : typeof r == 'boolean'
              ? 'boolean'
              : si(r)
                ? 'null'
                : 'unknown',
  Sc = (r, e) => (r.length !== e.length ? !1 : r.every((t, n) => dt(t, e[n]))),
  Ic = (r, e) => {
    const t = Object.keys(r),
      n = Object.keys(e);
    return t.length !== n.length ? !1 : t.every((o) => dt(r[o], e[o]));
  },
  dt = (r, e) =>
    r === e
      ? !0
      : typeof r != typeof e
        ? !1
        : Array.isArray(r) && Array.isArray(e)
          ? Sc(r, e)
          : B(r) && B(e)
            ? Ic(r, e)
            : !1;
var W = class extends Error {
    expression;
    constructor(e) {
      super(e), (this.name = 'JMESPathError'), (this.message = e);
    }
    setExpression(e) {
      (this.expression = e), (this.message = `${this.message} in expression: ${this.expression}`);
    }
  },
  X = class extends W {
    lexerPosition;
    lexerValue;
    constructor(e, t) {
      super('Bad jmespath expression'),
        (this.name = 'LexerError'),
        (this.lexerPosition = e),
        (this.lexerValue = t),
        (this.message = `${this.message}: unknown token "${this.lexerValue}" at column ${this.lexerPosition}`);
    }
  },
  re = class extends W {
    lexPosition;
    reason;
    tokenType;
    tokenValue;
    constructor(e) {
      super('Invalid jmespath expression'),
        (this.name = 'ParseError'),
        (this.lexPosition = e.lexPosition),
        (this.tokenValue = e.tokenValue),
        (this.tokenType = e.tokenType),
        (this.reason = e.reason);
      let t;
      this.reason
        ? (t = this.reason)
        : this.tokenType === 'eof'
          ? (t = 'found unexpected end of expression (EOF)')
          : (t = `found unexpected token "${this.tokenValue}" (${this.tokenType})`),
        (this.message = `${this.message}: parse error at column ${this.lexPosition}, ${t}`);
    }
  },
  Re = class extends re {
    constructor(e) {
      super(e), (this.name = 'IncompleteExpressionError');
    }
  },
  Ht = class extends W {
    constructor() {
      super('Invalid JMESPath expression: cannot be empty.'), (this.name = 'EmptyExpressionError');
    }
  },
  Gt = class extends W {
    functionName;
    constructor(e) {
      super(e), (this.name = 'FunctionError');
    }
    setEvaluatedFunctionName(e) {
      this.message = this.message.replace('for function undefined', `for function ${e}()`);
    }
  },
  ne = class extends Gt {
    actualArity;
    expectedArity;
    constructor(e) {
      super('Invalid arity for JMESPath function'),
        (this.name = 'ArityError'),
        (this.actualArity = e.actualArity),
        (this.expectedArity = e.expectedArity);
      const t = this.actualArity > this.expectedArity ? 'at most' : 'at least';
      this.message = `Expected ${t} ${this.expectedArity} ${this.pluralize('argument', this.expectedArity)} for function ${this.functionName}, received ${this.actualArity}`;
    }
    pluralize(e, t) {
      return t === 1 ? e : `${e}s`;
    }
  },
  ye = class extends ne {
    constructor(e) {
      super(e),
        (this.name = 'VariadicArityError'),
        (this.message = `Expected ${this.expectedArity} ${this.pluralize('argument', this.expectedArity)} for function ${this.functionName}, received ${this.actualArity}`);
    }
  },
  M = class extends Gt {
    actualType;
    currentValue;
    expectedTypes;
    constructor(e) {
      super('Invalid type for JMESPath expression'),
        (this.name = 'JMESPathTypeError'),
        (this.currentValue = e.currentValue),
        (this.actualType = e.actualType),
        (this.expectedTypes = e.expectedTypes),
        (this.message = `Invalid argument type for function ${this.functionName}, expected ${this.serializeExpectedTypes()} but found "${this.actualType}"`);
    }
    serializeExpectedTypes() {
      const e = [];
      for (const t of this.expectedTypes) e.push(`"${t}"`);
      return e.length === 1 ? e[0] : `one of ${e.join(', ')}`;
    }
  },
  Be = class extends Gt {
    constructor(e) {
      super('Unknown function'), (this.name = 'UnknownFunctionError'), (this.message = `Unknown function: ${e}()`);
    }
  };
var pt = class {
  #e;
  #r;
  constructor(e, t) {
    (this.#e = e), (this.#r = t);
  }
  visit(e, t) {
    return this.#r.visit(t ?? this.#e, e);
  }
};
var Yt = (r) => (he(r) ? !0 : Rn(r)),
  ai = (r, e, t) => {
    let n = e;
    return (n < 0 ? ((n += r), n < 0 && (n = t ? -1 : 0)) : n >= r && (n = t ? r - 1 : r), n);
  },
  ci = ({ array: r, start: e, end: t, step: n }) => {
    const o = n < 0,
      i = r.length,
      s = o ? i - 1 : 0,
      a = o ? -1 : i;
    (e = lt(e) ? ai(i, e, o) : s), (t = lt(t) ? ai(i, t, o) : a);
    const c = [];
    if (n > 0) for (let l = e; l < t; l += n) c.push(r[l]);
    else for (let l = e; l > t; l += n) c.push(r[l]);
    return c;
  },
  ui = (r, e, t) => {
    if (t) {
      if (r.length < e.length) throw new ye({ expectedArity: e.length, actualArity: r.length });
    } else if (r.length !== e.length) throw new ne({ expectedArity: e.length, actualArity: r.length });
  },
  li = (r, e) => {
    for (const [t, n] of e.entries()) n[0] !== 'any' && di(r[t], n);
  },
  di = (r, e) => {
    let t = !1;
    for (const [n, o] of e.entries()) {
      if (t) return;
      t = kc(r, o, n, e);
    }
  },
  kc = (r, e, t, n) => {
    const o = t < n.length - 1;
    if (e.startsWith('array')) {
      if (!Array.isArray(r)) {
        if (o) return !1;
        throw new M({ currentValue: r, expectedTypes: n, actualType: V(r) });
      }
      return ($c(r, e, o), !0);
    }
    if (e === 'expression') return (Tc(r, n, o), !0);
    if (['string', 'number', 'boolean'].includes(e)) {
      if ((Pc(r, e, n, o), typeof r === e)) return !0;
    } else if (e === 'object') return (Rc(r, n, o), !0);
    return !1;
  },
  Pc = (r, e, t, n) => {
    if (typeof r !== e && !n) throw new M({ currentValue: r, expectedTypes: t, actualType: V(r) });
  },
  $c = (r, e, t) => {
    if (!e.includes('-')) return;
    let n = e.slice(6),
      o;
    for (const i of r)
      try {
        di(i, [n]), (o = n);
      } catch (s) {
        if (!t || o !== void 0) throw s;
      }
  },
  Tc = (r, e, t) => {
    if (!(r instanceof pt) && !t) throw new M({ currentValue: r, expectedTypes: e, actualType: V(r) });
  },
  Rc = (r, e, t) => {
    if (!B(r) && !t) throw new M({ currentValue: r, expectedTypes: e, actualType: V(r) });
  };
var b = function (r, e, t, n) {
    var o = arguments.length,
      i = o < 3 ? e : n === null ? (n = Object.getOwnPropertyDescriptor(e, t)) : n,
      s;
    if (typeof Reflect == 'object' && typeof Reflect.decorate == 'function') i = Reflect.decorate(r, e, t, n);
    else for (var a = r.length - 1; a >= 0; a--) (s = r[a]) && (i = (o < 3 ? s(i) : o > 3 ? s(e, t, i) : s(e, t)) || i);
    return (o > 3 && i && Object.defineProperty(e, t, i), i);
  },
  m = class r {
    methods = new Set();
    funcAbs(e) {
      return Math.abs(e);
    }
    funcAvg(e) {
      return e.reduce((t, n) => t + n, 0) / e.length;
    }
    funcCeil(e) {
      return Math.ceil(e);
    }
    funcContains(e, t) {
      return e.includes(t);
    }
    funcEndsWith(e, t) {
      return e.endsWith(t);
    }
    funcFloor(e) {
      return Math.floor(e);
    }
    funcJoin(e, t) {
      return t.join(e);
    }
    funcKeys(e) {
      return Object.keys(e);
    }
    funcLength(e) {
      return B(e) ? Object.keys(e).length : e.length;
    }
    funcMap(e, t) {
      return t.map((n) => e.visit(n) || null);
    }
    funcMax(e) {
      return e.length === 0 ? null : he(e[0]) ? Math.max(...e) : e.reduce((t, n) => (t > n ? t : n));
    }
    funcMaxBy(e, t) {
      if (e.length === 0) return null;
      const n = e.map((i) => ({ arg: i, visited: t.visit(i) }));
      return n.reduce((i, s) => {
        const a = V(s.visited);
        if (a !== 'string' && a !== 'number')
          throw new M({ currentValue: s.visited, expectedTypes: ['string'], actualType: a });
        return i.visited === s.visited || i.visited > s.visited ? i : s;
      }, n[0]).arg;
    }
    funcMerge(...e) {
      return e.reduce((t, n) => ({ ...t, ...n }), {});
    }
    funcMin(e) {
      return e.length === 0 ? null : he(e[0]) ? Math.min(...e) : e.reduce((t, n) => (t < n ? t : n));
    }
    funcMinBy(e, t) {
      if (e.length === 0) return null;
      const n = e.map((i) => ({ arg: i, visited: t.visit(i) }));
      return n.reduce((i, s) => {
        const a = V(s.visited);
        if (a !== 'string' && a !== 'number')
          throw new M({ currentValue: s.visited, expectedTypes: ['string'], actualType: a });
        return i.visited === s.visited || i.visited < s.visited ? i : s;
      }, n[0]).arg;
    }
    funcNotNull(...e) {
      return e.find((t) => !Object.is(t, null)) || null;
    }
    funcReverse(e) {
      return Array.isArray(e) ? e.reverse() : e.split('').reverse().join('');
    }
    funcSort(e) {
      return e.sort((t, n) => (typeof t == 'string' ? t.localeCompare(n) : t - n));
    }
    funcSortBy(e, t) {
      return e
        .map((n, o) => {
          const i = t.visit(n),
            s = V(i);
          if (s !== 'string' && s !== 'number')
            throw new M({ currentValue: i, expectedTypes: ['string'], actualType: V(i) });
          return { value: n, index: o, visited: i };
        })
        .sort((n, o) => (n.visited === o.visited ? n.index - o.index : n.visited > o.visited ? 1 : -1))
        .map(({ value: n }) => n);
    }
    funcStartsWith(e, t) {
      return e.startsWith(t);
    }
    funcSum(e) {
      return e.reduce((t, n) => t + n, 0);
    }
    funcToArray(e) {
      return Array.isArray(e) ? e : [e];
    }
    funcToNumber(e) {
      if (typeof e == 'number') return e;
      if (typeof e == 'string') {
        const t = Number(e);
        return Number.isNaN(t) ? null : t;
      }
      return null;
    }
    funcToString(e) {
      return typeof e == 'string' ? e : JSON.stringify(e);
    }
    funcType(e) {
      return V(e);
    }
    funcValues(e) {
      return Object.values(e);
    }
    introspectMethods(e) {
      const t = Object.getPrototypeOf(this),
        n = new Set();
      if (this instanceof r) for (const o of t.introspectMethods(e)) n.add(o);
      else return n;
      for (const o of Object.getOwnPropertyNames(Object.getPrototypeOf(this)))
        o !== 'constructor' && o.startsWith('func') && n.add(o);
      if (this.methods) for (const o of n) this.methods.add(o);
      return n;
    }
    static signature(e) {
      return (t, n, o) => {
        const i = o.value;
        return (
          (o.value = function (s) {
            const { variadic: a, argumentsSpecs: c } = e;
            return (ui(s, c, a), li(s, c), i.apply(this, s));
          }),
          o
        );
      };
    }
  };
b([m.signature({ argumentsSpecs: [['number']] })], m.prototype, 'funcAbs', null);
b([m.signature({ argumentsSpecs: [['array-number']] })], m.prototype, 'funcAvg', null);
b([m.signature({ argumentsSpecs: [['number']] })], m.prototype, 'funcCeil', null);
b([m.signature({ argumentsSpecs: [['array', 'string'], ['any']] })], m.prototype, 'funcContains', null);
b([m.signature({ argumentsSpecs: [['string'], ['string']] })], m.prototype, 'funcEndsWith', null);
b([m.signature({ argumentsSpecs: [['number']] })], m.prototype, 'funcFloor', null);
b([m.signature({ argumentsSpecs: [['string'], ['array-string']] })], m.prototype, 'funcJoin', null);
b([m.signature({ argumentsSpecs: [['object']] })], m.prototype, 'funcKeys', null);
b([m.signature({ argumentsSpecs: [['array', 'string', 'object']] })], m.prototype, 'funcLength', null);
b([m.signature({ argumentsSpecs: [['any'], ['array']] })], m.prototype, 'funcMap', null);
b([m.signature({ argumentsSpecs: [['array-number', 'array-string']] })], m.prototype, 'funcMax', null);
b([m.signature({ argumentsSpecs: [['array'], ['expression']] })], m.prototype, 'funcMaxBy', null);
b([m.signature({ argumentsSpecs: [['object']], variadic: !0 })], m.prototype, 'funcMerge', null);
b([m.signature({ argumentsSpecs: [['array-number', 'array-string']] })], m.prototype, 'funcMin', null);
b([m.signature({ argumentsSpecs: [['array'], ['expression']] })], m.prototype, 'funcMinBy', null);
b([m.signature({ argumentsSpecs: [[]], variadic: !0 })], m.prototype, 'funcNotNull', null);
b([m.signature({ argumentsSpecs: [['string', 'array']] })], m.prototype, 'funcReverse', null);
b([m.signature({ argumentsSpecs: [['array-number', 'array-string']] })], m.prototype, 'funcSort', null);
b([m.signature({ argumentsSpecs: [['array'], ['expression']] })], m.prototype, 'funcSortBy', null);
b([m.signature({ argumentsSpecs: [['string'], ['string']] })], m.prototype, 'funcStartsWith', null);
b([m.signature({ argumentsSpecs: [['array-number']] })], m.prototype, 'funcSum', null);
b([m.signature({ argumentsSpecs: [['any']] })], m.prototype, 'funcToArray', null);
b([m.signature({ argumentsSpecs: [['any']] })], m.prototype, 'funcToNumber', null);
b([m.signature({ argumentsSpecs: [['any']] })], m.prototype, 'funcToString', null);
b([m.signature({ argumentsSpecs: [['any']] })], m.prototype, 'funcType', null);
b([m.signature({ argumentsSpecs: [['object']] })], m.prototype, 'funcValues', null);
var zn = function (r, e, t, n) {
    var o = arguments.length,
      i = o < 3 ? e : n === null ? (n = Object.getOwnPropertyDescriptor(e, t)) : n,
      s;
    if (typeof Reflect == 'object' && typeof Reflect.decorate == 'function') i = Reflect.decorate(r, e, t, n);
    else for (var a = r.length - 1; a >= 0; a--) (s = r[a]) && (i = (o < 3 ? s(i) : o > 3 ? s(e, t, i) : s(e, t)) || i);
    return (o > 3 && i && Object.defineProperty(e, t, i), i);
  },
  zc = new TextDecoder('utf-8'),
  We = class extends m {
    funcPowertoolsBase64(e) {
      return zc.decode($n(e, 'base64'));
    }
    funcPowertoolsBase64Gzip(e) {
      const t = $n(e, 'base64');
      return (0, pi.gunzipSync)(t).toString();
    }
    funcPowertoolsJson(e) {
      return JSON.parse(e);
    }
  };
zn([m.signature({ argumentsSpecs: [['string']] })], We.prototype, 'funcPowertoolsBase64', null);
zn([m.signature({ argumentsSpecs: [['string']] })], We.prototype, 'funcPowertoolsBase64Gzip', null);
zn([m.signature({ argumentsSpecs: [['string']] })], We.prototype, 'funcPowertoolsJson', null);
var He = class {
  eventKeyJmesPath;
  expiresAfterSeconds;
  hashFunction;
  jmesPathOptions;
  lambdaContext;
  maxLocalCacheSize;
  payloadValidationJmesPath;
  throwOnNoIdempotencyKey;
  responseHook;
  useLocalCache;
  #e = !0;
  constructor(e) {
    (this.eventKeyJmesPath = e.eventKeyJmesPath ?? ''),
      (this.payloadValidationJmesPath = e.payloadValidationJmesPath),
      (this.jmesPathOptions = { customFunctions: e.jmesPathOptions ?? new We() }),
      (this.throwOnNoIdempotencyKey = e.throwOnNoIdempotencyKey ?? !1),
      (this.expiresAfterSeconds = e.expiresAfterSeconds ?? 3600),
      (this.useLocalCache = e.useLocalCache ?? !1),
      (this.maxLocalCacheSize = e.maxLocalCacheSize ?? 1e3),
      (this.hashFunction = e.hashFunction ?? 'md5'),
      (this.lambdaContext = e.lambdaContext),
      (this.responseHook = e.responseHook),
      (this.#e = !ii({ key: 'POWERTOOLS_IDEMPOTENCY_DISABLED', defaultValue: !1, extendedParsing: !0 }));
  }
  isEnabled() {
    return this.#e;
  }
  registerLambdaContext(e) {
    this.lambdaContext = e;
  }
};
var Oi = require('node:crypto');
var fi = (r, e, t) => ({ type: 'comparator', children: [e, t], value: r }),
  mi = () => ({ type: 'current', children: [] }),
  hi = (r) => ({ type: 'expref', children: [r] }),
  yi = (r, e) => ({ type: 'function_expression', children: e, value: r }),
  Cn = (r) => ({ type: 'field', children: [], value: r }),
  gi = (r, e, t) => ({ type: 'filter_projection', children: [r, e, t] }),
  Nn = (r) => ({ type: 'flatten', children: [r] }),
  ge = () => ({ type: 'identity', children: [] }),
  xi = (r) => ({ type: 'index', value: r, children: [] }),
  vi = (r) => ({ type: 'index_expression', children: r }),
  _i = (r, e) => ({ type: 'key_val_pair', children: [e], value: r }),
  wi = (r) => ({ type: 'literal', value: r, children: [] }),
  bi = (r) => ({ type: 'multi_select_object', children: r }),
  Ei = (r) => ({ type: 'multi_select_list', children: r }),
  Ai = (r, e) => ({ type: 'or_expression', children: [r, e] }),
  Si = (r, e) => ({ type: 'and_expression', children: [r, e] }),
  Ii = (r) => ({ type: 'not_expression', children: [r] }),
  ki = (r, e) => ({ type: 'pipe', children: [r, e] }),
  ft = (r, e) => ({ type: 'projection', children: [r, e] }),
  Pi = (r) => ({ type: 'subexpression', children: r }),
  $i = (r, e, t) => ({ type: 'slice', children: [r, e, t] }),
  On = (r, e) => ({ type: 'value_projection', children: [r, e] });
var P = {
    eof: 0,
    unquoted_identifier: 0,
    quoted_identifier: 0,
    literal: 0,
    rbracket: 0,
    rparen: 0,
    comma: 0,
    rbrace: 0,
    number: 0,
    current: 0,
    expref: 0,
    colon: 0,
    pipe: 1,
    or: 2,
    and: 3,
    eq: 5,
    gt: 5,
    lt: 5,
    gte: 5,
    lte: 5,
    ne: 5,
    flatten: 9,
    star: 20,
    filter: 21,
    dot: 40,
    not: 45,
    lbrace: 50,
    lbracket: 55,
    lparen: 60,
  },
  Cc = 'abcdefghijklmnopqrstuvwxyz',
  Nc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  Ti = Cc + Nc,
  Ri = '0123456789',
  zi = new Set(`${Ti}_`),
  Ci = new Set(`${Ti}${Ri}_`),
  Ln = new Set(Ri),
  Ni = new Set(` 	
\r`),
  Mn = new Map([
    ['.', 'dot'],
    ['*', 'star'],
    [':', 'colon'],
    [']', 'rbracket'],
    [',', 'comma'],
    [':', 'colon'],
    ['@', 'current'],
    ['(', 'lparen'],
    [')', 'rparen'],
    ['{', 'lbrace'],
    ['}', 'rbrace'],
  ]);
var Ar = class {
  #e;
  #r;
  #o;
  #t;
  #n;
  *tokenize(e) {
    for (this.#m(e); this.#t !== '' && this.#t !== void 0; )
      if (Mn.has(this.#t)) yield { type: Mn.get(this.#t), value: this.#t, start: this.#e, end: this.#e + 1 }, this.#l();
      else if (zi.has(this.#t)) yield this.#i();
      else if (Ni.has(this.#t)) this.#l();
      else if (this.#t === '[') yield this.#g();
      else if (this.#t === "'") yield this.#x();
      else if (this.#t === '`') yield this.#w();
      else if (Ln.has(this.#t)) {
        const t = this.#e,
          n = this.#d();
        yield { type: 'number', value: Number.parseInt(n, 10), start: t, end: t + n.length };
      } else if (this.#t === '-') yield this.#c();
      else if (this.#t === '"') yield this.#b();
      else if (['<', '>', '!', '=', '|', '&'].includes(this.#t)) yield this.#s(this.#t);
      else throw new X(this.#e, this.#t);
    yield { type: 'eof', value: '', start: this.#n, end: this.#n };
  }
  #s = (e) => {
    switch (e) {
      case '<':
        return this.#f('=', 'lte', 'lt');
      case '>':
        return this.#f('=', 'gte', 'gt');
      case '!':
        return this.#f('=', 'ne', 'not');
      case '|':
        return this.#f('|', 'or', 'pipe');
      case '&':
        return this.#f('&', 'and', 'expref');
      default:
        return this.#a();
    }
  };
  #a() {
    if (this.#l() === '=') return (this.#l(), { type: 'eq', value: '==', start: this.#e - 1, end: this.#e });
    throw new X(this.#e - 1, '=');
  }
  #i() {
    let e = this.#e,
      t = this.#t;
    for (; Ci.has(this.#l()); ) t += this.#t;
    return { type: 'unquoted_identifier', value: t, start: e, end: e + t.length };
  }
  #c() {
    const e = this.#e,
      t = this.#d();
    if (t.length > 1) return { type: 'number', value: Number.parseInt(t, 10), start: e, end: e + t.length };
    throw new X(e, 'Unknown token after "-"');
  }
  #d() {
    let e = this.#t;
    for (; Ln.has(this.#l()); ) e += this.#t;
    return e;
  }
  #g() {
    const e = this.#e,
      t = this.#l();
    return t === ']'
      ? (this.#l(), { type: 'flatten', value: '[]', start: e, end: e + 2 })
      : t === '?'
        ? (this.#l(), { type: 'filter', value: '[?', start: e, end: e + 2 })
        : { type: 'lbracket', value: '[', start: e, end: e + 1 };
  }
  #m(e) {
    if (typeof e != 'string') throw new Ht();
    (this.#e = 0), (this.#r = e), (this.#o = Array.from(e)), (this.#t = this.#o[0]), (this.#n = this.#r.length);
  }
  #l() {
    return (this.#e === this.#n - 1 ? (this.#t = '') : ((this.#e += 1), (this.#t = this.#o[this.#e])), this.#t);
  }
  #h(e) {
    let t = this.#e,
      n = '';
    for (this.#l(); this.#t !== e; ) {
      if ((this.#t === '\\' && ((n += '\\'), this.#l()), this.#t === '')) throw new X(t, this.#r.substring(t));
      (n += this.#t), this.#l();
    }
    return (this.#l(), n);
  }
  #w() {
    const e = this.#e,
      t = this.#h('`').replace('\\`', '`');
    try {
      return { type: 'literal', value: JSON.parse(t), start: e, end: this.#e - e };
    } catch {
      throw new X(e, t);
    }
  }
  #b() {
    const e = this.#e,
      t = `"${this.#h('"')}"`,
      n = this.#e - e;
    return { type: 'quoted_identifier', value: JSON.parse(t), start: e, end: n };
  }
  #x() {
    const e = this.#e,
      t = this.#h("'").replace("\\'", "'"),
      n = this.#e - e;
    return { type: 'literal', value: t, start: e, end: n };
  }
  #f(e, t, n) {
    const o = this.#e,
      i = this.#t,
      s = this.#l();
    return s === e
      ? (this.#l(), { type: t, value: i + s, start: o, end: o + 2 })
      : { type: n, value: i, start: o, end: o };
  }
};
var Sr = class {
  #e;
  constructor(e) {
    e?.customFunctions ? (this.#e = e.customFunctions) : (this.#e = new m()), this.#e.introspectMethods();
  }
  visit(e, t) {
    const n = e.type,
      i = {
        subexpression: this.#r,
        field: this.#o,
        comparator: this.#t,
        current: this.#n,
        expref: this.#s,
        function_expression: this.#a,
        filter_projection: this.#i,
        flatten: this.#c,
        identity: this.#d,
        index: this.#g,
        index_expression: this.#r,
        slice: this.#m,
        key_val_pair: this.#l,
        literal: this.#h,
        multi_select_object: this.#w,
        multi_select_list: this.#b,
        or_expression: this.#x,
        and_expression: this.#f,
        not_expression: this.#E,
        pipe: this.#r,
        projection: this.#S,
        value_projection: this.#I,
      }[n];
    if (i) return i.call(this, e, t);
    throw new W(`Not Implemented: Invalid node type: ${e.type}`);
  }
  #r(e, t) {
    let n = t;
    for (const o of e.children) n = this.visit(o, n);
    return n;
  }
  #o(e, t) {
    return e.value && B(t) && typeof e.value == 'string' && e.value in t ? t[e.value] : null;
  }
  #t(e, t) {
    const n = e.value,
      o = this.visit(e.children[0], t),
      i = this.visit(e.children[1], t);
    if (typeof n == 'string' && ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'].includes(n)) {
      if (n === 'eq') return dt(o, i);
      if (n === 'ne') return !dt(o, i);
      if (typeof o == 'number' && typeof i == 'number')
        return n === 'lt' ? o < i : n === 'lte' ? o <= i : n === 'gt' ? o > i : o >= i;
    } else throw new W(`Invalid comparator: ${n}`);
  }
  #n(e, t) {
    return t;
  }
  #s(e, t) {
    return new pt(e.children[0], this);
  }
  #a(e, t) {
    const n = [];
    for (const s of e.children) n.push(this.visit(s, t));
    if (typeof e.value != 'string') throw new W(`Function name must be a string, got ${e.value}`);
    const o = e.value.replace(/_([a-z])/g, (s) => s[1].toUpperCase()),
      i = `func${o.charAt(0).toUpperCase() + o.slice(1)}`;
    if (!this.#e.methods.has(i)) throw new Be(e.value);
    try {
      return this.#e[i](n);
    } catch (s) {
      if (s instanceof M || s instanceof ye || s instanceof ne) throw (s.setEvaluatedFunctionName(e.value), s);
    }
  }
  #i(e, t) {
    const n = this.visit(e.children[0], t);
    if (!Array.isArray(n)) return null;
    const o = e.children[2],
      i = [];
    for (const s of n)
      if (Yt(this.visit(o, s))) {
        const a = this.visit(e.children[1], s);
        a !== null && i.push(a);
      }
    return i;
  }
  #c(e, t) {
    const n = this.visit(e.children[0], t);
    if (!Array.isArray(n)) return null;
    const o = [];
    for (const i of n) Array.isArray(i) ? o.push(...i) : o.push(i);
    return o;
  }
  #d(e, t) {
    return t;
  }
  #g(e, t) {
    if (!Array.isArray(t)) return null;
    if (typeof e.value != 'number') throw new W(`Invalid index: ${e.value}`);
    const n = e.value < 0 ? t.length + e.value : e.value,
      o = t[n];
    return o === void 0 ? null : o;
  }
  #m(e, t) {
    const n = lt(e.children[2]) ? e.children[2] : 1;
    if (n === 0) throw new Error('Invalid slice, step cannot be 0');
    return Array.isArray(t)
      ? t.length === 0
        ? []
        : ci({ array: t, start: e.children[0], end: e.children[1], step: n })
      : null;
  }
  #l(e, t) {
    return this.visit(e.children[0], t);
  }
  #h(e, t) {
    return e.value;
  }
  #w(e, t) {
    if (Object.is(t, null)) return null;
    const n = {};
    for (const o of e.children) {
      typeof o.value == 'string' && (n[o.value] = this.visit(o, t));
    }
    return n;
  }
  #b(e, t) {
    if (Object.is(t, null)) return null;
    const n = [];
    for (const o of e.children) n.push(this.visit(o, t));
    return n;
  }
  #x(e, t) {
    const n = this.visit(e.children[0], t);
    return Yt(n) ? n : this.visit(e.children[1], t);
  }
  #f(e, t) {
    const n = this.visit(e.children[0], t);
    return Yt(n) ? this.visit(e.children[1], t) : n;
  }
  #E(e, t) {
    const n = this.visit(e.children[0], t);
    return typeof n == 'number' && n === 0 ? !1 : !Yt(n);
  }
  #S(e, t) {
    const n = this.visit(e.children[0], t);
    if (!Array.isArray(n)) return null;
    const o = [];
    for (const i of n) {
      const s = this.visit(e.children[1], i);
      s !== null && o.push(s);
    }
    return o;
  }
  #I(e, t) {
    const n = this.visit(e.children[0], t);
    if (!B(n)) return null;
    const o = Object.values(n),
      i = [];
    for (const s of o) {
      const a = this.visit(e.children[1], s);
      a !== null && i.push(a);
    }
    return i;
  }
};
var Ir = class {
  expression;
  parsed;
  constructor(e, t) {
    (this.expression = e), (this.parsed = t);
  }
  search(e, t) {
    const n = new Sr(t);
    try {
      return n.visit(this.parsed, e);
    } catch (o) {
      throw (
        (o instanceof M || o instanceof Be || o instanceof ne || o instanceof ye) && o.setExpression(this.expression), o
      );
    }
  }
};
var kr = class {
  #e = 10;
  #r = {};
  #o = 128;
  #t;
  #n;
  #s = 0;
  constructor(e = 2) {
    this.#n = Array.from({ length: e });
  }
  parse(e) {
    const t = this.#r[e];
    if (t) return t;
    const n = this.#a(e);
    return ((this.#r[e] = n), Object.keys(this.#r).length > this.#o && this.#Z(), n);
  }
  purgeCache() {
    this.#r = {};
  }
  #a(e) {
    try {
      return this.#i(e);
    } catch (t) {
      throw ((t instanceof X || t instanceof Re || t instanceof re) && t.setExpression(e), t);
    }
  }
  #i(e) {
    (this.#t = new Ar()), (this.#n = [...this.#t.tokenize(e)]), (this.#s = 0);
    const t = this.#c(0);
    return (this.#u() !== 'eof' && this.#A(), new Ir(e, t));
  }
  #c(e = 0) {
    const t = this.#_(0);
    this.#y();
    let n = this.#d(t),
      o = this.#u();
    for (; e < P[o]; ) this.#y(), (n = this.#x(o, n)), (o = this.#u());
    return n;
  }
  #d(e) {
    const { type: t } = e;
    switch (t) {
      case 'literal':
        return wi(e.value);
      case 'unquoted_identifier':
        return Cn(e.value);
      case 'quoted_identifier':
        return this.#g(e);
      case 'star':
        return this.#m();
      case 'filter':
        return this.#x(t, ge());
      case 'lbrace':
        return this.#R();
      case 'lparen':
        return this.#l();
      case 'flatten':
        return this.#h();
      case 'not':
        return Ii(this.#c(P.not));
      case 'lbracket':
        return this.#w();
      case 'current':
        return mi();
      case 'expref':
        return hi(this.#c(P.expref));
      default:
        return this.#b(e);
    }
  }
  #g(e) {
    const t = Cn(e.value);
    return (
      this.#u() === 'lparen' &&
        this.#A({ lexPosition: 0, reason: 'quoted identifiers cannot be used as a function name' }),
      t
    );
  }
  #m() {
    let e = ge(),
      t;
    return (this.#u() === 'rbracket' ? (t = ge()) : (t = this.#v(P.star)), On(e, t));
  }
  #l() {
    const e = this.#c();
    return (this.#p('rparen'), e);
  }
  #h() {
    const e = Nn(ge()),
      t = this.#v(P.flatten);
    return ft(e, t);
  }
  #w() {
    if (['number', 'colon'].includes(this.#u())) {
      const e = this.#P();
      return this.#$(ge(), e);
    }
    if (this.#u() === 'star' && this.#k(1) === 'rbracket') {
      this.#y(), this.#y();
      const e = this.#v(P.star);
      return ft(ge(), e);
    }
    return this.#T();
  }
  #b(e) {
    throw e.type === 'eof'
      ? new Re({ lexPosition: e.start, tokenValue: e.value, tokenType: e.type })
      : new re({ lexPosition: e.start, tokenValue: e.value, tokenType: e.type });
  }
  #x(e, t) {
    switch (e) {
      case 'dot':
        return this.#f(t);
      case 'pipe':
        return this.#E(t);
      case 'or':
        return this.#S(t);
      case 'and':
        return this.#I(t);
      case 'lparen':
        return this.#C(t);
      case 'filter':
        return this.#N(t);
      case 'eq':
      case 'ne':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        return this.#K(t, e);
      case 'flatten':
        return this.#O(t);
      case 'lbracket':
        return this.#L(t);
      default:
        return this.#A();
    }
  }
  #f(e) {
    if (this.#u() !== 'star') {
      const n = this.#z(P.dot);
      return e.type === 'subexpression' ? (e.children.push(n), e) : Pi([e, n]);
    }
    this.#y();
    const t = this.#v(P.dot);
    return On(e, t);
  }
  #E(e) {
    const t = this.#c(P.pipe);
    return ki(e, t);
  }
  #S(e) {
    const t = this.#c(P.or);
    return Ai(e, t);
  }
  #I(e) {
    const t = this.#c(P.and);
    return Si(e, t);
  }
  #C(e) {
    const t = e.value,
      n = [];
    for (; this.#u() !== 'rparen'; ) {
      const o = this.#c();
      this.#u() === 'comma' && this.#p('comma'), n.push(o);
    }
    return (this.#p('rparen'), yi(t, n));
  }
  #N(e) {
    const t = this.#c(0);
    this.#p('rbracket');
    let n;
    return (this.#u() === 'flatten' ? (n = ge()) : (n = this.#v(P.flatten)), gi(e, n, t));
  }
  #O(e) {
    const t = Nn(e),
      n = this.#v(P.flatten);
    return ft(t, n);
  }
  #L(e) {
    const t = this.#_(0);
    if (['number', 'colon'].includes(t.type)) {
      const o = this.#P();
      return e.type === 'index_expression' ? (e.children.push(o), e) : this.#$(e, o);
    }
    this.#p('star'), this.#p('rbracket');
    const n = this.#v(P.star);
    return ft(e, n);
  }
  #A(e) {
    const t = this.#_(0);
    throw new re({
      lexPosition: e?.lexPosition ?? t.start,
      tokenValue: e?.tokenValue ?? t.value,
      tokenType: e?.tokenType ?? t.type,
      reason: e?.reason,
    });
  }
  #P() {
    if (this.#k(0) === 'colon' || this.#k(1) === 'colon') return this.#M();
    const e = xi(this.#_(0).value);
    return (this.#y(), this.#p('rbracket'), e);
  }
  #M() {
    let e = [],
      t = 0,
      n = this.#u();
    for (; n !== 'rbracket' && t < 3; )
      n === 'colon'
        ? ((t += 1), t === 3 && this.#A(), this.#y())
        : n === 'number'
          ? ((e[t] = this.#_(0).value), this.#y())
          : this.#A(),
        (n = this.#u());
    return (this.#p('rbracket'), $i(e[0], e[1], e[2]));
  }
  #$(e, t) {
    const n = vi([e, t]);
    return t.type === 'slice' ? ft(n, this.#v(P.star)) : n;
  }
  #K(e, t) {
    return fi(t, e, this.#c(P[t]));
  }
  #T() {
    const e = [];
    for (;;) {
      const t = this.#c();
      if ((e.push(t), this.#u() === 'rbracket')) break;
      this.#p('comma');
    }
    return (this.#p('rbracket'), Ei(e));
  }
  #R() {
    const e = [];
    for (;;) {
      const t = this.#_(0);
      this.#D(['quoted_identifier', 'unquoted_identifier']);
      const n = t.value;
      this.#p('colon');
      const o = this.#c(0),
        i = _i(n, o);
      e.push(i);
      if (this.#u() === 'comma') this.#p('comma');
      else if (this.#u() === 'rbrace') {
        this.#p('rbrace');
        break;
      }
    }
    return bi(e);
  }
  #v(e) {
    let t;
    return (
      P[this.#u()] < this.#e
        ? (t = ge())
        : this.#u() === 'lbracket'
          ? (t = this.#c(e))
          : this.#u() === 'filter'
            ? (t = this.#c(e))
            : this.#u() === 'dot'
              ? (this.#p('dot'), (t = this.#z(e)))
              : this.#A(),
      t
    );
  }
  #z(e) {
    const t = this.#u();
    if (['quoted_identifier', 'unquoted_identifier', 'star'].includes(t)) return this.#c(e);
    if (t === 'lbracket') return (this.#p('lbracket'), this.#T());
    if (t === 'lbrace') return (this.#p('lbrace'), this.#R());
    this.#A();
  }
  #p(e) {
    if (this.#u() === e) this.#y();
    else {
      const n = this.#_(0);
      throw n.type === 'eof'
        ? new Re({ lexPosition: n.start, tokenValue: n.value, tokenType: n.type })
        : new re({ lexPosition: n.start, tokenValue: n.value, tokenType: n.type });
    }
  }
  #D(e) {
    const t = this.#u();
    if (!e.includes(t)) {
      const n = this.#_(0);
      throw n.type === 'eof'
        ? new Re({ lexPosition: n.start, tokenValue: n.value, tokenType: n.type })
        : new re({ lexPosition: n.start, tokenValue: n.value, tokenType: n.type });
    }
    this.#y();
  }
  #y() {
    this.#s += 1;
  }
  #u() {
    return this.#n[this.#s].type;
  }
  #k(e) {
    return this.#n[this.#s + e].type;
  }
  #_(e) {
    return this.#n[this.#s + e];
  }
  #Z() {
    const e = Object.keys(this.#r).reduce((t, n) => ((0, Oi.randomInt)(0, 100) > 50 && (t[n] = this.#r[n]), t), {});
    this.#r = e;
  }
};
var Oc = new kr(),
  mt = (r, e, t) => Oc.parse(r).search(e, t);
var $r = class {
  #e;
  #r;
  #o;
  #t;
  #n;
  #s;
  #a;
  constructor(e) {
    const {
      functionToMakeIdempotent: t,
      functionPayloadToBeHashed: n,
      idempotencyConfig: o,
      functionArguments: i,
      persistenceStore: s,
      keyPrefix: a,
      thisArg: c,
    } = e;
    (this.#o = t),
      (this.#r = n),
      (this.#t = o),
      (this.#n = a),
      (this.#e = i),
      (this.#a = c),
      (this.#s = s),
      this.#s.configure({ config: this.#t, keyPrefix: this.#n });
  }
  determineResultFromIdempotencyRecord(e) {
    if (e.getStatus() === D.EXPIRED) throw new ut('Item has expired during processing and may not longer be valid.');
    if (e.getStatus() === D.INPROGRESS)
      throw e.inProgressExpiryTimestamp && e.inProgressExpiryTimestamp < new Date().getUTCMilliseconds()
        ? new ut('Item is in progress but the in progress expiry timestamp has expired.')
        : new Fe(
            `There is already an execution in progress with idempotency key: ${e.idempotencyKey}${e.sortKey ? ` and sort key: ${e.sortKey}` : ''}`,
          );
    const t = e.getResponse();
    return this.#t.responseHook ? this.#t.responseHook(t, e) : t;
  }
  async getFunctionResult() {
    let e;
    try {
      e = await this.#o.apply(this.#a, this.#e);
    } catch (t) {
      throw (await this.#i(), t);
    }
    return (await this.#d(e), e);
  }
  async handle({ isReplay: e } = {}) {
    if (this.shouldSkipIdempotency()) return await this.#o.apply(this.#a, this.#e);
    let t;
    for (let n = 0; n <= 2; n++)
      try {
        const { isIdempotent: o, result: i } = await this.#c({ isReplay: e });
        return o ? i : await this.getFunctionResult();
      } catch (o) {
        if (!(o instanceof Error)) throw new Z('An unknown error occurred while processing the request.', { cause: o });
        if (o.name === 'IdempotencyInconsistentStateError' && n < 2) continue;
        t = o;
        break;
      }
    throw t;
  }
  async handleMiddyAfter(e) {
    await this.#d(e);
  }
  async handleMiddyBefore(e, t) {
    for (let n = 0; n <= 2; n++)
      try {
        const { isIdempotent: o, result: i } = await this.#c();
        if (o) return (await t(e), i);
        break;
      } catch (o) {
        if (o.name === 'IdempotencyInconsistentStateError' && n < 2) continue;
        throw o;
      }
  }
  async handleMiddyOnError() {
    await this.#i();
  }
  setFunctionPayloadToBeHashed(e) {
    this.#r = e;
  }
  shouldSkipIdempotency() {
    if (!this.#t.isEnabled()) return !0;
    if (this.#t.eventKeyJmesPath !== '' && !this.#t.throwOnNoIdempotencyKey) {
      const e = mt(this.#t.eventKeyJmesPath, this.#r, this.#t.jmesPathOptions);
      return e == null;
    }
    return !1;
  }
  #i = async () => {
    try {
      await this.#s.deleteRecord(this.#r);
    } catch (e) {
      throw new je('Failed to delete record from idempotency store', { cause: e });
    }
  };
  #c = async ({ isReplay: e } = {}) => {
    const t = { isIdempotent: !1, result: void 0 };
    try {
      return (await this.#s.saveInProgress(this.#r, this.#t.lambdaContext?.getRemainingTimeInMillis()), t);
    } catch (n) {
      if (!(n instanceof Error)) throw new Z('An unknown error occurred while processing the request.', { cause: n });
      if (n.name === 'IdempotencyItemAlreadyExistsError') {
        if (e) return t;
        let o = n.existingRecord;
        return (
          o === void 0 ? (o = await this.#s.getRecord(this.#r)) : (o = this.#s.processExistingRecord(o, this.#r)),
          (t.isIdempotent = !0),
          (t.result = this.determineResultFromIdempotencyRecord(o)),
          t
        );
      }
      throw new je('Failed to save in progress record to idempotency store', { cause: n });
    }
  };
  #d = async (e) => {
    try {
      await this.#s.saveSuccess(this.#r, e);
    } catch (t) {
      throw new je('Failed to update success record to idempotency store', { cause: t });
    }
  };
};
var Lc = (r) => r != null && typeof r == 'object' && 'getRemainingTimeInMillis' in r,
  Mc = (r) => r != null && typeof r == 'object' && 'step' in r,
  Kc = (r, e) => r != null && typeof r == 'function' && (Lc(e[1]) || Mc(e[1])),
  Dc = (r) => r != null && typeof r == 'object' && 'dataIndexArgument' in r;
function Tr(r, e) {
  const { persistenceStore: t, config: n, keyPrefix: o } = e,
    i = n ?? new He({});
  return i.isEnabled()
    ? function (...s) {
        let a;
        Kc(r, s)
          ? (i.registerLambdaContext(s[1]?.lambdaContext || s[1]), (a = s[0]))
          : Dc(e)
            ? (a = s[e.dataIndexArgument])
            : (a = s[0]);
        const c = s[1]?.durableExecutionMode === 'ReplayMode';
        return new $r({
          functionToMakeIdempotent: r,
          idempotencyConfig: i,
          persistenceStore: t,
          keyPrefix: o,
          functionArguments: s,
          functionPayloadToBeHashed: a,
          thisArg: this,
        }).handle({ isReplay: c });
      }
    : r;
}
var Ge = '2.35.0';
var Kn = process.env.AWS_EXECUTION_ENV || 'NA',
  Zc = {
    relation: 'after',
    toMiddleware: 'getUserAgentMiddleware',
    name: 'addPowertoolsToUserAgent',
    tags: ['POWERTOOLS', 'USER_AGENT'],
  },
  Rr = (r) =>
    typeof r == 'object' &&
    r !== null &&
    'send' in r &&
    typeof r.send == 'function' &&
    'config' in r &&
    r.config !== void 0 &&
    typeof r.config == 'object' &&
    r.config !== null &&
    'middlewareStack' in r &&
    r.middlewareStack !== void 0 &&
    typeof r.middlewareStack == 'object' &&
    r.middlewareStack !== null &&
    'identify' in r.middlewareStack &&
    typeof r.middlewareStack.identify == 'function' &&
    'addRelativeTo' in r.middlewareStack &&
    typeof r.middlewareStack.addRelativeTo == 'function',
  Vc = (r) => (e) => async (t) => {
    const n = t.request.headers['user-agent'] || '';
    if (n.includes('PT/NO-OP')) {
      const o = n.replace('PT/NO-OP', `PT/${r}/${Ge} PTEnv/${Kn}`);
      return ((t.request.headers['user-agent'] = o), await e(t));
    }
    return n.includes('PT/')
      ? await e(t)
      : ((t.request.headers['user-agent'] = n === '' ? `PT/${r}/${Ge} PTEnv/${Kn}` : `${n} PT/${r}/${Ge} PTEnv/${Kn}`),
        await e(t));
  },
  Uc = (r) => {
    let e = !1;
    for (const t of r) {
      t.includes('addPowertoolsToUserAgent') && (e = !0);
    }
    return e;
  },
  Dn = (r, e) => {
    try {
      if (Rr(r)) {
        if (Uc(r.middlewareStack.identify())) return;
        r.middlewareStack.addRelativeTo(Vc(e), Zc);
      } else throw new Error('The client provided does not match the expected interface');
    } catch (t) {
      console.warn('Failed to add user agent middleware', t);
    }
  };
var zr = 'powertools-for-aws',
  Li = `${zr}.tracer`,
  Mi = `${zr}.metrics`,
  Ki = `${zr}.logger`,
  Di = `${zr}.idempotency`;
var Fc = process.env.AWS_EXECUTION_ENV || 'NA';
if (!process.env.AWS_SDK_UA_APP_ID?.includes('/PTEnv/')) {
  const r = `PT/NO-OP/${Ge}/PTEnv/${Fc}`;
  process.env.AWS_SDK_UA_APP_ID = process.env.AWS_SDK_UA_APP_ID ? `${process.env.AWS_SDK_UA_APP_ID}/${r}` : r;
}
var F = require('@aws-sdk/client-dynamodb'),
  xe = require('@aws-sdk/util-dynamodb');
var Zi = require('node:crypto');
var I = Symbol('newer'),
  $ = Symbol('older'),
  Zn = class {
    key;
    value;
    [I];
    [$];
    constructor(e, t) {
      (this.key = e), (this.value = t), (this[I] = void 0), (this[$] = void 0);
    }
  },
  Cr = class {
    leastRecentlyUsed;
    map;
    maxSize;
    mostRecentlyUsed;
    constructor(e) {
      (this.maxSize = e?.maxSize ?? 100), (this.map = new Map());
    }
    add(e, t) {
      if (this.map.has(e)) {
        const o = this.map.get(e);
        (o.value = t), this.trackItemUse(o);
        return;
      }
      const n = new Zn(e, t);
      this.map.set(e, n),
        this.mostRecentlyUsed
          ? ((this.mostRecentlyUsed[I] = n), (n[$] = this.mostRecentlyUsed))
          : (this.leastRecentlyUsed = n),
        (this.mostRecentlyUsed = n),
        this.map.size > this.maxSize && this.shift();
    }
    get(e) {
      const t = this.map.get(e);
      if (t) return (this.trackItemUse(t), t.value);
    }
    has(e) {
      return this.map.has(e);
    }
    remove(e) {
      const t = this.map.get(e);
      t &&
        (this.map.delete(e),
        t[I] && t[$]
          ? ((t[$][I] = t[I]), (t[I][$] = t[$]))
          : t[I]
            ? ((t[I][$] = void 0), (this.leastRecentlyUsed = t[I]))
            : t[$]
              ? ((t[$][I] = void 0), (this.mostRecentlyUsed = t[$]))
              : (this.leastRecentlyUsed = this.mostRecentlyUsed = void 0));
    }
    size() {
      return this.map.size;
    }
    shift() {
      const e = this.leastRecentlyUsed;
      e[I]
        ? ((this.leastRecentlyUsed = e[I]), (this.leastRecentlyUsed[$] = void 0))
        : ((this.leastRecentlyUsed = void 0), (this.mostRecentlyUsed = void 0)),
        this.map.delete(e.key),
        (e[I] = void 0),
        (e[$] = void 0);
    }
    trackItemUse(e) {
      if (this.mostRecentlyUsed === e) return;
      e[I] && (e === this.leastRecentlyUsed && (this.leastRecentlyUsed = e[I]), (e[I][$] = e[$])),
        e[$] && (e[$][I] = e[I]),
        (e[I] = void 0),
        (e[$] = this.mostRecentlyUsed);
      this.mostRecentlyUsed && (this.mostRecentlyUsed[I] = e), (this.mostRecentlyUsed = e);
    }
  };
var jc = (r) =>
    Object.keys(r)
      .sort((e, t) => (e.toLowerCase() < t.toLowerCase() ? -1 : 1))
      .reduce((e, t) => ((e[t] = Jt(r[t])), e), {}),
  Jt = (r) => {
    const e = V(r);
    return e === 'object' ? jc(r) : e === 'array' ? r.map(Jt) : r;
  };
var oe = class {
  expiryTimestamp;
  idempotencyKey;
  sortKey;
  inProgressExpiryTimestamp;
  payloadHash;
  responseData;
  status;
  constructor(e) {
    (this.idempotencyKey = e.idempotencyKey),
      (this.expiryTimestamp = e.expiryTimestamp),
      (this.inProgressExpiryTimestamp = e.inProgressExpiryTimestamp),
      (this.responseData = e.responseData),
      (this.payloadHash = e.payloadHash),
      (this.status = e.status),
      (this.sortKey = e.sortKey);
  }
  getResponse() {
    return this.responseData;
  }
  getStatus() {
    if (this.isExpired()) return D.EXPIRED;
    if (Object.values(D).includes(this.status)) return this.status;
    throw new jt(this.status);
  }
  isExpired() {
    return this.expiryTimestamp !== void 0 && Date.now() / 1e3 > this.expiryTimestamp;
  }
};
var Nr = class r {
  idempotencyKeyPrefix;
  cache;
  configured = !1;
  eventKeyJmesPath;
  expiresAfterSeconds = 3600;
  hashFunction = 'md5';
  payloadValidationEnabled = !1;
  throwOnNoIdempotencyKey = !1;
  useLocalCache = !1;
  validationKeyJmesPath;
  #e;
  #r;
  #o = !1;
  #t;
  constructor() {
    (this.#t = Pn({ key: 'AWS_LAMBDA_FUNCTION_NAME', defaultValue: '' })), (this.idempotencyKeyPrefix = this.#t);
  }
  configure(e) {
    const { config: t, keyPrefix: n, functionName: o } = e;
    if (
      (n?.trim()
        ? (this.idempotencyKeyPrefix = n.trim())
        : o?.trim() && (this.idempotencyKeyPrefix = `${this.#t}.${o.trim()}`),
      this.configured)
    ) {
      this.#n(t);
      return;
    }
    (this.configured = !0),
      (this.eventKeyJmesPath = t?.eventKeyJmesPath),
      (this.validationKeyJmesPath = t?.payloadValidationJmesPath),
      (this.#e = t.jmesPathOptions),
      (this.payloadValidationEnabled = this.validationKeyJmesPath !== void 0 || !1),
      (this.throwOnNoIdempotencyKey = t?.throwOnNoIdempotencyKey || !1),
      (this.eventKeyJmesPath = t.eventKeyJmesPath),
      (this.expiresAfterSeconds = t.expiresAfterSeconds),
      (this.useLocalCache = t.useLocalCache),
      (this.#r = t.maxLocalCacheSize),
      this.useLocalCache && (this.cache = new Cr({ maxSize: t.maxLocalCacheSize })),
      (this.hashFunction = t.hashFunction);
  }
  #n(e) {
    if (this.#o) return;
    const t = [];
    e.eventKeyJmesPath !== this.eventKeyJmesPath && t.push('eventKeyJmesPath'),
      e.payloadValidationJmesPath !== this.validationKeyJmesPath && t.push('payloadValidationJmesPath'),
      e.throwOnNoIdempotencyKey !== this.throwOnNoIdempotencyKey && t.push('throwOnNoIdempotencyKey'),
      e.expiresAfterSeconds !== this.expiresAfterSeconds && t.push('expiresAfterSeconds'),
      e.useLocalCache !== this.useLocalCache && t.push('useLocalCache'),
      e.maxLocalCacheSize !== this.#r && t.push('maxLocalCacheSize'),
      e.hashFunction !== this.hashFunction && t.push('hashFunction'),
      e.jmesPathOptions?.customFunctions?.constructor !== this.#e?.customFunctions?.constructor &&
        t.push('jmesPathOptions'),
      t.length !== 0 &&
        ((this.#o = !0),
        console.warn(
          `This persistence layer is already configured with a different idempotency configuration; the new configuration is ignored (${t.join(', ')}). If your idempotent operations require different configurations, use a separate persistence layer instance for each one.`,
        ));
  }
  async deleteRecord(e) {
    const t = new oe({ idempotencyKey: this.getHashedIdempotencyKey(e), status: D.EXPIRED });
    await this._deleteRecord(t), this.deleteFromCache(t.idempotencyKey);
  }
  getExpiresAfterSeconds() {
    return this.expiresAfterSeconds;
  }
  async getRecord(e) {
    const t = this.getHashedIdempotencyKey(e),
      n = this.getFromCache(t);
    if (n) return (this.validatePayload(e, n), n);
    const o = await this._getRecord(t);
    return (this.processExistingRecord(o, e), o);
  }
  isPayloadValidationEnabled() {
    return this.payloadValidationEnabled;
  }
  processExistingRecord(e, t) {
    return (this.validatePayload(t, e), this.saveToCache(e), e);
  }
  async saveInProgress(e, t) {
    const n = new oe({
      idempotencyKey: this.getHashedIdempotencyKey(e),
      status: D.INPROGRESS,
      expiryTimestamp: this.getExpiryTimestamp(),
      payloadHash: this.getHashedPayload(e),
    });
    t
      ? (n.inProgressExpiryTimestamp = Date.now() + t)
      : console.warn(
          'Could not determine remaining time left. Did you call registerLambdaContext on IdempotencyConfig?',
        );
    const o = this.getFromCache(n.idempotencyKey);
    if (o) throw new Ue(`Failed to put record for already existing idempotency key: ${n.idempotencyKey}`, o);
    await this._putRecord(n);
  }
  async saveSuccess(e, t) {
    const n = new oe({
      idempotencyKey: this.getHashedIdempotencyKey(e),
      status: D.COMPLETED,
      expiryTimestamp: this.getExpiryTimestamp(),
      responseData: t,
      payloadHash: this.getHashedPayload(e),
    });
    await this._updateRecord(n), this.saveToCache(n);
  }
  deleteFromCache(e) {
    if (!this.useLocalCache) return;
    this.cache?.has(e) && this.cache?.remove(e);
  }
  generateHash(e) {
    const t = (0, Zi.createHash)(this.hashFunction);
    return (t.update(e), t.digest('base64'));
  }
  getExpiryTimestamp() {
    const e = Date.now() / 1e3;
    return Math.round(e + this.expiresAfterSeconds);
  }
  getFromCache(e) {
    if (!this.useLocalCache) return;
    const t = this.cache?.get(e);
    if (t) {
      if (!t.isExpired()) return t;
      this.deleteFromCache(e);
    }
  }
  getHashedIdempotencyKey(e) {
    const t = this.eventKeyJmesPath ? mt(this.eventKeyJmesPath, e, this.#e) : e;
    if (r.isMissingIdempotencyKey(t)) {
      if (this.throwOnNoIdempotencyKey) throw new Wt('No data found to create a hashed idempotency_key');
      console.warn(`No value found for idempotency_key. jmespath: ${this.eventKeyJmesPath}`);
    }
    return `${this.idempotencyKeyPrefix}#${this.generateHash(JSON.stringify(Jt(t)))}`;
  }
  getHashedPayload(e) {
    return this.isPayloadValidationEnabled() && this.validationKeyJmesPath
      ? this.generateHash(JSON.stringify(Jt(mt(this.validationKeyJmesPath, e, this.#e))))
      : '';
  }
  static isMissingIdempotencyKey(e) {
    if (Array.isArray(e) || typeof e == 'object') {
      if (e === null) return !0;
      for (const t of Object.values(e)) {
        if (t) return !1;
      }
      return !0;
    }
    return !e;
  }
  saveToCache(e) {
    this.useLocalCache && e.getStatus() !== D.INPROGRESS && this.cache?.add(e.idempotencyKey, e);
  }
  validatePayload(e, t) {
    if (this.payloadValidationEnabled && (e instanceof oe ? e.payloadHash : this.getHashedPayload(e)) !== t.payloadHash)
      throw new Bt('Payload does not match stored record for this event key', t);
  }
};
var Or = class extends Nr {
  client;
  dataAttr;
  expiryAttr;
  inProgressExpiryAttr;
  keyAttr;
  sortKeyAttr;
  staticPkValue;
  statusAttr;
  tableName;
  validationKeyAttr;
  constructor(e) {
    if (
      (super(),
      (this.tableName = e.tableName),
      (this.keyAttr = e.keyAttr ?? 'id'),
      (this.statusAttr = e.statusAttr ?? Ve.statusAttr),
      (this.expiryAttr = e.expiryAttr ?? Ve.expiryAttr),
      (this.inProgressExpiryAttr = e.inProgressExpiryAttr ?? Ve.inProgressExpiryAttr),
      (this.dataAttr = e.dataAttr ?? Ve.dataAttr),
      (this.validationKeyAttr = e.validationKeyAttr ?? Ve.validationKeyAttr),
      e.sortKeyAttr === this.keyAttr)
    )
      throw new Error(`keyAttr [${this.keyAttr}] and sortKeyAttr [${e.sortKeyAttr}] cannot be the same!`);
    (this.sortKeyAttr = e.sortKeyAttr),
      (this.staticPkValue = e.staticPkValue ?? `idempotency#${this.idempotencyKeyPrefix}`),
      e.awsSdkV3Client
        ? Rr(e.awsSdkV3Client)
          ? (this.client = e.awsSdkV3Client)
          : (console.warn('awsSdkV3Client is not an AWS SDK v3 client, using default client'),
            (this.client = new F.DynamoDBClient(e.clientConfig ?? {})))
        : (this.client = new F.DynamoDBClient(e.clientConfig ?? {})),
      Dn(this.client, 'idempotency');
  }
  async _deleteRecord(e) {
    await this.client.send(new F.DeleteItemCommand({ TableName: this.tableName, Key: this.getKey(e.idempotencyKey) }));
  }
  async _getRecord(e) {
    const t = await this.client.send(
      new F.GetItemCommand({ TableName: this.tableName, Key: this.getKey(e), ConsistentRead: !0 }),
    );
    if (!t.Item) throw new Ft();
    const n = (0, xe.unmarshall)(t.Item);
    return new oe({
      idempotencyKey: n[this.keyAttr],
      sortKey: this.sortKeyAttr && n[this.sortKeyAttr],
      status: n[this.statusAttr],
      expiryTimestamp: n[this.expiryAttr],
      inProgressExpiryTimestamp: n[this.inProgressExpiryAttr],
      responseData: n[this.dataAttr],
      payloadHash: n[this.validationKeyAttr],
    });
  }
  async _putRecord(e) {
    const t = {
      ...this.getKey(e.idempotencyKey),
      ...(0, xe.marshall)({ [this.expiryAttr]: e.expiryTimestamp, [this.statusAttr]: e.getStatus() }),
    };
    e.inProgressExpiryTimestamp !== void 0 &&
      (t[this.inProgressExpiryAttr] = { N: e.inProgressExpiryTimestamp.toString() }),
      this.isPayloadValidationEnabled() &&
        e.payloadHash !== void 0 &&
        (t[this.validationKeyAttr] = { S: e.payloadHash });
    try {
      const n = 'attribute_not_exists(#id)',
        o = '#expiry < :now',
        i = [
          '#status = :inprogress',
          'attribute_exists(#in_progress_expiry)',
          '#in_progress_expiry < :now_in_millis',
        ].join(' AND '),
        s = [n, o, `(${i})`].join(' OR '),
        a = Date.now();
      await this.client.send(
        new F.PutItemCommand({
          TableName: this.tableName,
          Item: t,
          ExpressionAttributeNames: {
            '#id': this.keyAttr,
            '#expiry': this.expiryAttr,
            '#in_progress_expiry': this.inProgressExpiryAttr,
            '#status': this.statusAttr,
          },
          ExpressionAttributeValues: (0, xe.marshall)({
            ':now': a / 1e3,
            ':now_in_millis': a,
            ':inprogress': D.INPROGRESS,
          }),
          ConditionExpression: s,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (n) {
      if (n instanceof F.ConditionalCheckFailedException) {
        const o = n.Item && (0, xe.unmarshall)(n.Item),
          i =
            o &&
            new oe({
              idempotencyKey: o[this.keyAttr],
              sortKey: this.sortKeyAttr && o[this.sortKeyAttr],
              status: o[this.statusAttr],
              expiryTimestamp: o[this.expiryAttr],
              inProgressExpiryTimestamp: o[this.inProgressExpiryAttr],
              responseData: o[this.dataAttr],
              payloadHash: o[this.validationKeyAttr],
            });
        throw new Ue(
          `Failed to put record for already existing idempotency key: ${e.idempotencyKey}${this.sortKeyAttr ? ` and sort key: ${e.sortKey}` : ''}`,
          i,
        );
      }
      throw n;
    }
  }
  async _updateRecord(e) {
    const t = ['#expiry = :expiry', '#status = :status'],
      n = { '#expiry': this.expiryAttr, '#status': this.statusAttr },
      o = { ':expiry': e.expiryTimestamp, ':status': e.getStatus() };
    e.responseData !== void 0 &&
      (t.push('#response_data = :response_data'),
      (n['#response_data'] = this.dataAttr),
      (o[':response_data'] = e.responseData)),
      this.isPayloadValidationEnabled() &&
        (t.push('#validation_key = :validation_key'),
        (n['#validation_key'] = this.validationKeyAttr),
        (o[':validation_key'] = e.payloadHash)),
      await this.client.send(
        new F.UpdateItemCommand({
          TableName: this.tableName,
          Key: this.getKey(e.idempotencyKey),
          UpdateExpression: `SET ${t.join(', ')}`,
          ExpressionAttributeNames: n,
          ExpressionAttributeValues: (0, xe.marshall)(o),
        }),
      );
  }
  getKey(e) {
    return this.sortKeyAttr
      ? (0, xe.marshall)({ [this.keyAttr]: this.staticPkValue, [this.sortKeyAttr]: e })
      : (0, xe.marshall)({ [this.keyAttr]: e });
  }
};
var da = require('@aws-sdk/client-sns');
function Fn(r) {
  const e = Object.values(r).filter((n) => typeof n == 'number');
  return Object.entries(r)
    .filter(([n, o]) => e.indexOf(+n) === -1)
    .map(([n, o]) => o);
}
function jn(r, e = '|') {
  return r.map((t) => Gn(t)).join(e);
}
function Vi(r, e) {
  return typeof e == 'bigint' ? e.toString() : e;
}
var Un = class {
  constructor(e) {
    (this._getter = e), (this._value = void 0);
  }
  get value() {
    const e = this._getter;
    return (e !== void 0 && ((this._value = e()), (this._getter = void 0)), this._value);
  }
};
function Ui(r) {
  return new Un(r);
}
function Fi(r) {
  return r == null;
}
function ji(r) {
  const e = r.startsWith('^') ? 1 : 0,
    t = r.endsWith('$') ? r.length - 1 : r.length;
  return r.slice(e, t);
}
function Mr(r, e, t) {
  Object.defineProperty(r, e, { value: t, writable: !0, enumerable: !0, configurable: !0 });
}
function Bi(r) {
  const e = Object.getOwnPropertyDescriptor(r, 'shape');
  return e?.get ? e.get.raw : e?.value;
}
function Bn(r) {
  return Bi(r._zod.def) ?? r._zod.def.shape;
}
function Wi(r, e, t) {
  Object.defineProperty(r, e, {
    get() {
      const n = t();
      return (Mr(this, e, n), n);
    },
    enumerable: !0,
    configurable: !0,
  });
}
function Hi(r, e, t) {
  e in r ? Mr(r, e, t) : (r[e] = t);
}
function Bc(r, e, t, n) {
  const o = Bn(e);
  for (const i of t) {
    const s = Object.getOwnPropertyDescriptor(o, i);
    s.enumerable &&
      (s.get
        ? Wi(r, i, () => {
            const a = e._zod.def.shape[i];
            return n ? n(a, i) : a;
          })
        : Hi(r, i, n ? n(s.value, i) : s.value));
  }
}
function Wc(r, e) {
  for (const t of Reflect.ownKeys(e)) {
    const n = Object.getOwnPropertyDescriptor(e, t);
    n.enumerable && (n.get ? Wi(r, t, () => e[t]) : Hi(r, t, n.value));
  }
}
function Gi(...r) {
  const e = {};
  for (const t of r) {
    const n = Object.getOwnPropertyDescriptors(t);
    Object.assign(e, n);
  }
  return Object.defineProperties({}, e);
}
var Wn = 'captureStackTrace' in Error ? Error.captureStackTrace : (...r) => {};
function Lr(r) {
  return typeof r == 'object' && r !== null && !Array.isArray(r);
}
function Kr(r) {
  if (Lr(r) === !1) return !1;
  const e = r.constructor;
  if (e === void 0 || typeof e != 'function') return !0;
  const t = e.prototype;
  return !(Lr(t) === !1 || Object.hasOwn(t, 'isPrototypeOf') === !1);
}
function Hn(r) {
  return Kr(r)
    ? { ...r }
    : Array.isArray(r)
      ? [...r]
      : r instanceof Map
        ? new Map(r)
        : r instanceof Set
          ? new Set(r)
          : r;
}
var Yi = new Set(['string', 'number', 'symbol']);
function qt(r) {
  return r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function ht(r, e, t) {
  const n = new r._zod.constr(e ?? r._zod.def);
  return ((!e || t?.parent) && (n._zod.parent = r), n);
}
function S(r) {
  const e = r;
  if (!e) return {};
  if (typeof e == 'string') return { error: () => e };
  if (e?.message !== void 0) {
    if (e?.error !== void 0) throw new Error('Cannot specify both `message` and `error` params');
    e.error = e.message;
  }
  return (delete e.message, typeof e.error == 'string' ? { ...e, error: () => e.error } : e);
}
function Gn(r) {
  return typeof r == 'bigint' ? r.toString() + 'n' : typeof r == 'string' ? `"${r}"` : `${r}`;
}
function Ji(r) {
  return Object.keys(r).filter((e) => r[e]._zod.optin !== void 0 && r[e]._zod.optout === 'optional');
}
function Xi(r, e) {
  if (!Kr(e)) throw new Error('Invalid input to extend: expected a plain object');
  const t = r._zod.def.checks;
  if (t && t.length > 0) {
    const o = Bn(r);
    for (const i of Reflect.ownKeys(e))
      if (Object.getOwnPropertyDescriptor(o, i) !== void 0)
        throw new Error('Cannot overwrite keys on object schemas containing refinements. Use `.safeExtend()` instead.');
  }
  return ht(r, Gi(r._zod.def, { shape: Hc(r, e) }));
}
function Hc(r, e) {
  const t = {};
  return (Bc(t, r, Reflect.ownKeys(Bn(r))), Wc(t, e), t);
}
function Ce(r, e = 0) {
  if (r.aborted === !0) return !0;
  for (let t = e; t < r.issues.length; t++) if (r.issues[t]?.continue !== !0) return !0;
  return !1;
}
function qi(r, e = 0) {
  if (r.aborted === !0) return !0;
  for (let t = e; t < r.issues.length; t++) if (r.issues[t]?.continue === !1) return !0;
  return !1;
}
function Ne(r, e) {
  return e.map((t) => {
    var n;
    return ((n = t).path ?? (n.path = []), t.path.unshift(r), t);
  });
}
function Xt(r) {
  return typeof r == 'string' ? r : r?.message;
}
function Yn(r) {
  const e = [];
  for (const t of r ?? []) {
    const n = t._zod.def;
    if (!/_(length|size)$|_equals$/.test(n.check)) break;
    const o = n.maximum ?? n.length ?? n.size;
    o >= 0 && e.push([o, t]);
  }
  return e;
}
function Dr(r, e, t) {
  var n;
  for (let o = e; o < r.length; o++) (n = r[o]).schema ?? (n.schema = t);
}
function Oe(r, e, t) {
  var n;
  const o = r.inst?._zod?.traits;
  o?.has('$ZodType') && (o.has('$ZodCheck') ? ((n = r).schema ?? (n.schema = r.inst)) : (r.schema = r.inst));
  const i = r.schema !== r.inst ? r.schema?._zod.def?.error : void 0,
    s = r.message
      ? r.message
      : (Xt(r.inst?._zod.def?.error?.(r)) ??
        Xt(i?.(r)) ??
        Xt(e?.error?.(r)) ??
        Xt(t.customError?.(r)) ??
        Xt(t.localeError?.(r)) ??
        'Invalid input'),
    a = {};
  for (const c of Object.keys(r))
    c === 'inst' || c === 'schema' || c === 'continue' || c === 'input' || c === '__proto__' || (a[c] = r[c]);
  return (a.path ?? (a.path = []), (a.message = s), e?.reportInput && (a.input = r.input), a);
}
var Gc = /[\uD800-\uDBFF]/;
function Jn(r) {
  const e = r.length;
  if (!Gc.test(r)) return e;
  let t = e;
  for (let n = 0; n < e - 1; n++)
    (r.charCodeAt(n) & 64512) === 55296 && (r.charCodeAt(n + 1) & 64512) === 56320 && (t--, n++);
  return t;
}
function Xn(r) {
  return Array.isArray(r) ? 'array' : typeof r == 'string' ? 'string' : 'unknown';
}
function Qi(r) {
  const e = typeof r;
  switch (e) {
    case 'number':
      return Number.isNaN(r) ? 'nan' : 'number';
    case 'object': {
      if (r === null) return 'null';
      if (Array.isArray(r)) return 'array';
      const t = r;
      if (t && Object.getPrototypeOf(t) !== Object.prototype && 'constructor' in t && t.constructor)
        return t.constructor.name;
    }
  }
  return e;
}
function qn(...r) {
  const [e, t, n] = r;
  return typeof e == 'string' ? { message: e, code: 'custom', input: t, inst: n } : { ...e };
}
function es(r, e) {
  for (const t in e) {
    const n = Object.getOwnPropertyDescriptor(e, t);
    n.get ? Object.defineProperty(r, t, { ...n, enumerable: !1 }) : Yc(r, t, n.value);
  }
}
function Ye(r, e, t, n = !0) {
  return (Object.defineProperty(r, e, { configurable: !0, writable: !0, enumerable: n, value: t }), t);
}
function Qn(r, e, t) {
  return Ye(r, e, t, !1);
}
function Yc(r, e, t) {
  Object.defineProperty(r, e, {
    configurable: !0,
    get() {
      return this == null ? t : Ye(this, e, t.bind(this));
    },
    set(n) {
      Ye(this, e, n);
    },
  });
}
function Jc(r, e) {
  const t = Object.getPrototypeOf(r);
  return e in t ? void 0 : t;
}
var Vn,
  ze = !1,
  Xc = {
    configurable: !0,
    get() {
      ze = !0;
    },
  };
function H(r, e, t) {
  const n = Object.getPrototypeOf(r._zod);
  if (e in n && Vn !== r._zod) {
    Vn = void 0;
    return;
  }
  (Vn = r._zod),
    Object.defineProperty(n, e, {
      configurable: !0,
      get() {
        Object.defineProperty(this, e, Xc);
        const o = ze;
        ze = !1;
        try {
          const i = t(this);
          return (
            ze ? delete this[e] : Object.defineProperty(this, e, { configurable: !0, writable: !0, value: i }),
            (ze = ze || o),
            i
          );
        } catch (i) {
          throw (delete this[e], (ze = ze || o), i);
        }
      },
      set(o) {
        Object.defineProperty(this, e, { configurable: !0, writable: !0, value: o });
      },
    });
}
function ts(r, e, t, n) {
  const o = Jc(r, e);
  o &&
    Object.defineProperty(o, e, {
      configurable: !0,
      get() {
        const i = { configurable: !0, writable: !0, enumerable: n, value: void 0 };
        return (Object.defineProperty(this, e, i), (i.value = t(this)), Object.defineProperty(this, e, i), i.value);
      },
      set(i) {
        Object.defineProperty(this, e, { configurable: !0, writable: !0, enumerable: n, value: i });
      },
    });
}
var rs;
var eo = { value: void 0, enumerable: !1 },
  ns = 'captureStackTrace' in Error ? Error : null;
function qc(r) {
  const e = ns;
  if (e) {
    const t = e.stackTraceLimit;
    if (typeof t == 'number') {
      try {
        e.stackTraceLimit = 0;
      } catch {
        return ((ns = null), new r());
      }
      try {
        return new r();
      } finally {
        e.stackTraceLimit = t;
      }
    }
  }
  return new r();
}
function g(r, e, t, n) {
  const o = {};
  function i(p) {
    (this.def = p), (this.constr = d), (this.traits = new Set());
  }
  i.prototype = o;
  const s = t,
    a = s && new WeakSet();
  function c(p, h) {
    if (p._zod) {
      if (p._zod.traits.has(r)) return;
    } else {
      eo.value = new i(h);
      try {
        Object.defineProperty(p, '_zod', eo);
      } finally {
        eo.value = void 0;
      }
    }
    if ((p._zod.traits.add(r), e(p, h), a)) {
      let _ = Object.getPrototypeOf(p),
        C = p._zod.constr.prototype,
        N = _;
      for (; N && N !== C; ) N = Object.getPrototypeOf(N);
      const T = N ?? _;
      a.has(T) || (a.add(T), es(T, s));
    }
    const y = d.prototype;
    for (const _ in y) Object.hasOwn(y, _) && (_ in p || (p[_] = y[_].bind(p)));
  }
  const l = n?.Parent ?? Object;
  class u extends l {}
  Object.defineProperty(u, 'name', { value: r });
  function d(p) {
    const h = n?.Parent ? qc(u) : this;
    c(h, p);
    const y = h._zod.deferred;
    if (y) {
      for (const C of y) C();
      h._zod.deferred = void 0;
    }
    const _ = globalThis.__zod_globalConfig?.postProcessor;
    return (_ && _(h), h);
  }
  return (
    Object.defineProperty(d, 'init', { value: c }),
    Object.defineProperty(d, Symbol.hasInstance, {
      value: (p) => (n?.Parent && p instanceof n.Parent ? !0 : p?._zod?.traits?.has(r)),
    }),
    Object.defineProperty(d, 'name', { value: r }),
    d
  );
}
var ie = class extends Error {
    constructor() {
      super('Encountered Promise during synchronous parse. Use .parseAsync() instead.');
    }
  },
  Zr = class extends Error {
    constructor(e) {
      super(`Encountered unidirectional transform during encode: ${e}`), (this.name = 'ZodEncodeError');
    }
  };
(rs = globalThis).__zod_globalConfig ?? (rs.__zod_globalConfig = {});
var Je = globalThis.__zod_globalConfig;
function q(r) {
  return (r && Object.assign(Je, r), Je);
}
function Qc() {
  const r = this._zod;
  return (r.message ?? (r.message = JSON.stringify(r.def, Vi, 2)), r.message);
}
function eu(r) {
  this._zod.message = r;
}
var tu = { get: Qc, set: eu, enumerable: !0, configurable: !0 },
  ro = { value: void 0, enumerable: !1 },
  os = new WeakSet([Object.prototype, Error.prototype]),
  is = (r, e) => {
    (r.name = '$ZodError'),
      (ro.value = e),
      Object.defineProperty(r, 'issues', ro),
      (ro.value = void 0),
      Object.defineProperty(r, 'message', tu);
    const t = Object.getPrototypeOf(r);
    os.has(t) ||
      (os.add(t),
      Object.defineProperty(t, 'toString', {
        configurable: !0,
        enumerable: !1,
        get() {
          const n = () => this.message;
          return (Object.defineProperty(this, 'toString', { value: n, configurable: !0, writable: !0 }), n);
        },
        set(n) {
          Object.defineProperty(this, 'toString', { value: n, configurable: !0, writable: !0 });
        },
      }));
  },
  Ih = g('$ZodError', is),
  Qt = g('$ZodError', is, void 0, { Parent: Error });
var nu = (r) => {
    const e = (t, n, o, i) => {
      const s = o ? { ...o, async: !1 } : { async: !1 },
        a = t._zod.run({ value: n, issues: [] }, s);
      if (a instanceof Promise) throw new ie();
      if (a.issues.length) {
        const c = new (i?.Err ?? r)(a.issues.map((l) => Oe(l, s, q())));
        throw (Wn(c, i?.callee ?? e), c);
      }
      return a.value;
    };
    return e;
  },
  no = nu(Qt),
  ou = (r) => {
    const e = async (t, n, o, i) => {
      let s = o ? { ...o, async: !0 } : { async: !0 },
        a = t._zod.run({ value: n, issues: [] }, s);
      if ((a instanceof Promise && (a = await a), a.issues.length)) {
        const c = new (i?.Err ?? r)(a.issues.map((l) => Oe(l, s, q())));
        throw (Wn(c, i?.callee ?? e), c);
      }
      return a.value;
    };
    return e;
  },
  oo = ou(Qt),
  iu = (r) => (e, t, n) => {
    const o = n ? { ...n, async: !1 } : { async: !1 },
      i = e._zod.run({ value: t, issues: [] }, o);
    if (i instanceof Promise) throw new ie();
    return i.issues.length ? ss(r, i.issues, o) : { success: !0, data: i.value };
  },
  er = iu(Qt);
function ss(r, e, t) {
  let n;
  return {
    success: !1,
    get error() {
      return (n || ((n = new r(e.map((o) => Oe(o, t, q())))), (e = void 0), (t = void 0)), n);
    },
    set error(o) {
      (n = o), (e = void 0), (t = void 0);
    },
  };
}
var su = (r) => async (e, t, n) => {
    let o = n ? { ...n, async: !0 } : { async: !0 },
      i = e._zod.run({ value: t, issues: [] }, o);
    return (
      i instanceof Promise && (i = await i), i.issues.length ? ss(r, i.issues, o) : { success: !0, data: i.value }
    );
  },
  io = su(Qt);
var as = /^P(?:(\d+W)|(?!.*W)(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?)$/;
var cs =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
function au(r) {
  return new RegExp(`^${r}$`);
}
var us = au(cs);
function so(r) {
  const e = '(?:[01]\\d|2[0-3]):[0-5]\\d';
  return typeof r.precision == 'number'
    ? r.precision === -1
      ? `${e}`
      : r.precision === 0
        ? `${e}:[0-5]\\d`
        : `${e}:[0-5]\\d\\.\\d{${r.precision}}`
    : r.seconds
      ? `${e}:[0-5]\\d(?:\\.\\d+)?`
      : `${e}(?::[0-5]\\d(?:\\.\\d+)?)?`;
}
function ls(r) {
  return new RegExp(`^${so(r)}$`);
}
function ds(r) {
  const e = ['Z'];
  r.offset && e.push('([+-](?:[01]\\d|2[0-3]):[0-5]\\d)');
  const t = `${so({ precision: r.precision, seconds: !0 })}(?:${e.join('|')})`,
    n = r.local ? `${t}|${so({ precision: r.precision })}` : t;
  return new RegExp(`^${cs}T(?:${n})$`);
}
var ps = /^[\s\S]{0,}$/;
var ao = /^-?\d+(?:\.\d+)?$/,
  fs = /^(?:true|false)$/i;
var Xe = g('$ZodCheck', (r, e) => {
  var t;
  r._zod ?? (r._zod = {}), (r._zod.def = e), (t = r._zod).onattach ?? (t.onattach = []);
});
var ms = (r) => {
  const e = r.value;
  return !Fi(e) && e.length !== void 0;
};
var hs = g('$ZodCheckMaxLength', (r, e) => {
    var t;
    Xe.init(r, e),
      (t = r._zod.def).when ?? (t.when = ms),
      (r._zod.check = (n) => {
        const o = n.value,
          i = o.length;
        if ((typeof o == 'string' && i > e.maximum ? Jn(o) : i) <= e.maximum) return;
        const a = Xn(o);
        n.issues.push({
          origin: a,
          code: 'too_big',
          maximum: e.maximum,
          inclusive: !0,
          input: o,
          inst: r,
          continue: !e.abort,
        });
      });
  }),
  ys = g('$ZodCheckMinLength', (r, e) => {
    var t;
    Xe.init(r, e),
      (t = r._zod.def).when ?? (t.when = ms),
      (r._zod.check = (n) => {
        const o = n.value,
          i = o.length;
        if ((typeof o == 'string' && i >= e.minimum && i < e.minimum * 2 ? Jn(o) : i) >= e.minimum) return;
        const a = Xn(o);
        n.issues.push({
          origin: a,
          code: 'too_small',
          minimum: e.minimum,
          inclusive: !0,
          input: o,
          inst: r,
          continue: !e.abort,
        });
      });
  });
var uo = g('$ZodCheckStringFormat', (r, e) => {
    var t, n;
    Xe.init(r, e),
      e.pattern
        ? ((t = r._zod).check ??
          (t.check = (o) => {
            (e.pattern.lastIndex = 0),
              !e.pattern.test(o.value) &&
                o.issues.push({
                  origin: 'string',
                  code: 'invalid_format',
                  format: e.format,
                  input: o.value,
                  ...(e.pattern ? { pattern: e.pattern.toString() } : {}),
                  inst: r,
                  continue: !e.abort,
                });
          }))
        : ((n = r._zod).check ?? (n.check = () => {}));
  }),
  gs = g('$ZodCheckRegex', (r, e) => {
    uo.init(r, e),
      (r._zod.check = (t) => {
        (e.pattern.lastIndex = 0),
          !e.pattern.test(t.value) &&
            t.issues.push({
              origin: 'string',
              code: 'invalid_format',
              format: 'regex',
              input: t.value,
              pattern: e.pattern.toString(),
              inst: r,
              continue: !e.abort,
            });
      });
  });
var vs = { major: 4, minor: 6, patch: 7 };
var z = g(
    '$ZodType',
    (r, e) => {
      var t;
      r ?? (r = {}), (r._zod.def = e), (r._zod.bag = r._zod.bag || {}), (r._zod.version = vs);
      const n = r._zod.def.checks,
        o = r._zod.traits.has('$ZodCheck') ? [r, ...(n ?? [])] : n?.length ? [...n] : [];
      for (const i of o) for (const s of i._zod.onattach) s(r);
      if (o.length === 0)
        (t = r._zod).deferred ?? (t.deferred = []),
          r._zod.deferred?.push(() => {
            r._zod.run = r._zod.parse;
          });
      else {
        const i = (a, c, l) => {
            if (a.memo) return a;
            let u = Ce(a),
              d;
            for (const p of c) {
              if (p._zod.def.when) {
                if (qi(a) || !p._zod.def.when(a)) continue;
              } else if (u) continue;
              const h = a.issues.length,
                y = p._zod.check(a);
              if (y instanceof Promise && l?.async === !1) throw new ie();
              if (d || y instanceof Promise)
                d = (d ?? Promise.resolve()).then(async () => {
                  await y, a.issues.length !== h && (Dr(a.issues, h, r), u || (u = Ce(a, h)));
                });
              else {
                if (a.issues.length === h) continue;
                Dr(a.issues, h, r), u || (u = Ce(a, h));
              }
            }
            return d ? d.then(() => a) : a;
          },
          s = (a, c, l) => {
            if (Ce(a)) return ((a.aborted = !0), a);
            const u = i(c, o, l);
            if (u instanceof Promise) {
              if (l.async === !1) throw new ie();
              return u.then((d) => r._zod.parse(d, l));
            }
            return r._zod.parse(u, l);
          };
        r._zod.run = (a, c) => {
          if (c.skipChecks) return r._zod.parse(a, c);
          if (c.direction === 'backward') {
            const u = r._zod.parse({ value: a.value, issues: [] }, { ...c, skipChecks: !0 });
            return u instanceof Promise ? u.then((d) => s(d, a, c)) : s(u, a, c);
          }
          const l = r._zod.parse(a, c);
          if (l instanceof Promise) {
            if (c.async === !1) throw new ie();
            return l.then((u) => i(u, o, c));
          }
          return i(l, o, c);
        };
      }
    },
    {
      get '~standard'() {
        return Qn(this, '~standard', uu(this));
      },
      set '~standard'(r) {
        Ye(this, '~standard', r);
      },
    },
  ),
  As = (r, e) => (r.issues.length ? { issues: r.issues.map((t) => Oe(t, e, q())) } : { value: r.value });
async function cu(r, e) {
  const t = { async: !0 };
  return As(await r._zod.run({ value: e, issues: [] }, t), t);
}
function uu(r) {
  return {
    validate: (e) => {
      const t = { async: !1 };
      try {
        const n = r._zod.run({ value: e, issues: [] }, t);
        if (!(n instanceof Promise)) return As(n, t);
      } catch {}
      return cu(r, e);
    },
    vendor: 'zod',
    version: 1,
  };
}
var lo = g('$ZodString', (r, e) => {
    z.init(r, e),
      (r._zod.pattern = e.pattern ?? ps),
      (r._zod.parse = (t, n) => {
        if (e.coerce)
          try {
            t.value = String(t.value);
          } catch {}
        return (
          typeof t.value == 'string' ||
            t.issues.push({ expected: 'string', code: 'invalid_type', input: t.value, inst: r }),
          t
        );
      });
  }),
  yt = g('$ZodStringFormat', (r, e) => {
    uo.init(r, e), lo.init(r, e);
  });
var Ss = g('$ZodISODateTime', (r, e) => {
    e.pattern ?? (e.pattern = ds(e)), yt.init(r, e);
  }),
  Is = g('$ZodISODate', (r, e) => {
    e.pattern ?? (e.pattern = us), yt.init(r, e);
  }),
  ks = g('$ZodISOTime', (r, e) => {
    e.pattern ?? (e.pattern = ls(e)), yt.init(r, e);
  }),
  Ps = g('$ZodISODuration', (r, e) => {
    e.pattern ?? (e.pattern = as), yt.init(r, e);
  });
var $s = g('$ZodNumber', (r, e) => {
  z.init(r, e),
    (r._zod.pattern = ao),
    (r._zod.parse = (t, n) => {
      if (e.coerce)
        try {
          t.value = Number(t.value);
        } catch {}
      const o = t.value;
      if (typeof o == 'number' && !Number.isNaN(o) && Number.isFinite(o)) return t;
      const i = typeof o == 'number' ? (Number.isNaN(o) ? 'NaN' : Number.isFinite(o) ? void 0 : String(o)) : void 0;
      return (
        t.issues.push({ expected: 'number', code: 'invalid_type', input: o, inst: r, ...(i ? { received: i } : {}) }), t
      );
    });
});
var Ts = g('$ZodBoolean', (r, e) => {
  z.init(r, e),
    (r._zod.pattern = fs),
    (r._zod.parse = (t, n) => {
      if (e.coerce)
        try {
          t.value = !!t.value;
        } catch {}
      const o = t.value;
      return (
        typeof o == 'boolean' || t.issues.push({ expected: 'boolean', code: 'invalid_type', input: o, inst: r }), t
      );
    });
});
var Rs = g('$ZodUnknown', (r, e) => {
    z.init(r, e), (r._zod.parse = (t) => t);
  }),
  zs = g('$ZodNever', (r, e) => {
    z.init(r, e),
      (r._zod.parse = (t, n) => (
        t.issues.push({ expected: 'never', code: 'invalid_type', input: t.value, inst: r }), t
      ));
  });
function lu(r, e) {
  const t = Yn(r._zod.def.checks);
  if (!t.length) return;
  const n = Math.min(...t.map((i) => i[0])),
    o = r._zod.parse;
  r._zod.parse = (i, s) => {
    const a = e(i.value);
    if (a > n && !s?.skipChecks && s?.direction !== 'backward') {
      for (const [c, l] of Yn(r._zod.def.checks))
        if (a > c && l._zod.def.when(i)) {
          const u = i.issues.length;
          return (l._zod.check(i), (i.issues[u].continue = !1), Dr(i.issues, u, r), i);
        }
    }
    return o(i, s);
  };
}
var du = (r) => (Array.isArray(r) ? r.length : -1);
function _s(r, e, t) {
  r.issues.length && e.issues.push(...Ne(t, r.issues)), (e.value[t] = r.value);
}
var Cs = g('$ZodArray', (r, e) => {
  z.init(r, e);
  const t = Je.memoizer;
  t?.attach(r),
    (r._zod.parse = (n, o) => {
      const i = n.value;
      if (!Array.isArray(i)) return (n.issues.push({ expected: 'array', code: 'invalid_type', input: i, inst: r }), n);
      n.value = t ? t.alloc(r, n, Array(i.length), o) : Array(i.length);
      const s = [],
        a = o?.abortEarly;
      for (let c = 0; c < i.length; c++) {
        const l = i[c],
          u = e.element._zod.run({ value: l, issues: [] }, o);
        if (u instanceof Promise) s.push(u.then((d) => _s(d, n, c)));
        else if ((_s(u, n, c), a && u.issues.length !== 0 && Ce(u))) break;
      }
      return s.length ? Promise.all(s).then(() => n) : n;
    }),
    lu(r, du);
});
function Ur(r, e, t, n, o, i) {
  const s = t in n,
    a = i === 'optional';
  if (!(!s && a && o === 'optional')) {
    if (r.issues.length) {
      if (o !== void 0 && a && !s) return;
      e.issues.push(...Ne(t, r.issues));
    }
    if (!s && o === void 0) {
      r.issues.length || e.issues.push({ code: 'invalid_type', expected: 'nonoptional', input: void 0, path: [t] });
      return;
    }
    r.value === void 0 ? (s || (o === 'defaulted' && !a)) && (e.value[t] = void 0) : (e.value[t] = r.value);
  }
}
var pu = [];
function fu(r) {
  const e = Object.keys(r.shape),
    t = Object.getOwnPropertySymbols(r.shape),
    n = t.length ? t : pu,
    o = n.length ? [...e, ...n] : e;
  for (const s of o)
    if (!r.shape?.[s]?._zod?.traits?.has('$ZodType'))
      throw new Error(`Invalid element at key "${String(s)}": expected a Zod schema`);
  const i = Ji(r.shape);
  return { ...r, allKeys: o, symbolKeys: n, keySet: new Set(e), numKeys: e.length, optionalKeys: new Set(i) };
}
function mu(r, e, t, n, o, i, s) {
  let a = [],
    c = o.keySet,
    l = o.catchall._zod,
    u = l.def.type,
    d = l.optin,
    p = l.optout,
    h = 0;
  for (const y in e) {
    if (s && t.issues.length !== h) {
      if (Ce(t, h)) break;
      h = t.issues.length;
    }
    if (c.has(y)) continue;
    if (y === '__proto__') {
      u === 'never' && a.push(y);
      continue;
    }
    if (u === 'never') {
      a.push(y);
      continue;
    }
    const _ = l.run({ value: e[y], issues: [] }, n);
    _ instanceof Promise ? r.push(_.then((C) => Ur(C, t, y, e, d, p))) : Ur(_, t, y, e, d, p);
  }
  return (
    a.length && t.issues.push({ code: 'unrecognized_keys', keys: a, input: e, inst: i, continue: !0 }),
    r.length ? Promise.all(r).then(() => t) : t
  );
}
var Ns = g('$ZodObject', (r, e) => {
  z.init(r, e);
  const t = Object.getOwnPropertyDescriptor(e, 'shape'),
    n = t?.get ? t.get.raw : (e.shape ?? {});
  if (n) {
    const l = () => {
      const u = { ...n };
      return (Object.defineProperty(e, 'shape', { value: u }), (l.raw = u), u);
    };
    (l.raw = n), Object.defineProperty(e, 'shape', { get: l });
  }
  const o = Ui(() => fu(e));
  H(r, 'propValues', (l) => {
    const u = l.def.shape,
      d = {};
    for (const p in u) {
      const h = u[p]._zod;
      if (h.values) {
        Object.hasOwn(d, p) || Mr(d, p, new Set());
        for (const y of h.values) d[p].add(y);
        h.optin !== void 0 && d[p].add(void 0);
      }
    }
    return d;
  });
  let i = Lr,
    s = e.catchall,
    a,
    c = Je.memoizer;
  c?.attach(r),
    (r._zod.parse = (l, u) => {
      a ?? (a = o.value);
      const d = l.value;
      if (!i(d)) return (l.issues.push({ expected: 'object', code: 'invalid_type', input: d, inst: r }), l);
      l.value = c ? c.alloc(r, l, {}, u) : {};
      let p = [],
        h = a.shape,
        y = u?.abortEarly,
        _ = l.issues.length;
      for (const C of a.allKeys) {
        if (y && l.issues.length !== _) {
          if (Ce(l, _)) break;
          _ = l.issues.length;
        }
        if (C === '__proto__') continue;
        const N = h[C],
          T = N._zod.optin,
          ce = N._zod.optout,
          Y = N._zod.run({ value: d[C], issues: [] }, u);
        Y instanceof Promise ? p.push(Y.then((Za) => Ur(Za, l, C, d, T, ce))) : Ur(Y, l, C, d, T, ce);
      }
      return s ? mu(p, d, l, u, o.value, r, y === !0) : p.length ? Promise.all(p).then(() => l) : l;
    });
});
var Os = g('$ZodRecord', (r, e) => {
  z.init(r, e);
  const t = Je.memoizer;
  t?.attach(r),
    (r._zod.parse = (n, o) => {
      const i = n.value;
      if (!Kr(i)) return (n.issues.push({ expected: 'record', code: 'invalid_type', input: i, inst: r }), n);
      const s = [],
        a = e.keyType._zod.values;
      if (a && !e.partial) {
        n.value = t ? t.alloc(r, n, {}, o) : {};
        const c = new Set();
        for (const u of a)
          if (typeof u == 'string' || typeof u == 'number' || typeof u == 'symbol') {
            if ((c.add(typeof u == 'number' ? u.toString() : u), u === '__proto__')) continue;
            const d = e.keyType._zod.run({ value: u, issues: [] }, o);
            if (d instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
            if (d.issues.length) {
              n.issues.push({
                code: 'invalid_key',
                origin: 'record',
                issues: d.issues.map((y) => Oe(y, o, q())),
                input: u,
                path: [u],
                inst: r,
              });
              continue;
            }
            const p = d.value;
            if (p === '__proto__') continue;
            const h = e.valueType._zod.run({ value: i[u], issues: [] }, o);
            h instanceof Promise
              ? s.push(
                  h.then((y) => {
                    y.issues.length && n.issues.push(...Ne(u, y.issues)), (n.value[p] = y.value);
                  }),
                )
              : (h.issues.length && n.issues.push(...Ne(u, h.issues)), (n.value[p] = h.value));
          }
        let l;
        for (const u in i)
          if (!c.has(u))
            if (e.mode === 'loose') {
              if (u === '__proto__') continue;
              n.value[u] = i[u];
            } else (l = l ?? []), l.push(u);
        l && l.length > 0 && n.issues.push({ code: 'unrecognized_keys', input: i, inst: r, keys: l, continue: !0 });
      } else {
        n.value = t ? t.alloc(r, n, {}, o) : {};
        let c;
        for (const l of Reflect.ownKeys(i)) {
          if (l === '__proto__' || !Object.prototype.propertyIsEnumerable.call(i, l)) continue;
          let u = e.keyType._zod.run({ value: l, issues: [] }, o);
          if (u instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
          if (typeof l == 'string' && ao.test(l) && u.issues.length) {
            const y = e.keyType._zod.run({ value: Number(l), issues: [] }, o);
            if (y instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
            y.issues.length === 0 && (u = y);
          }
          if (u.issues.length) {
            e.mode === 'loose'
              ? (n.value[l] = i[l])
              : a
                ? ((c = c ?? []), c.push(l))
                : n.issues.push({
                    code: 'invalid_key',
                    origin: 'record',
                    issues: u.issues.map((y) => Oe(y, o, q())),
                    input: l,
                    path: [l],
                    inst: r,
                  });
            continue;
          }
          const p = u.value;
          if (p === '__proto__') continue;
          const h = e.valueType._zod.run({ value: i[l], issues: [] }, o);
          h instanceof Promise
            ? s.push(
                h.then((y) => {
                  y.issues.length && n.issues.push(...Ne(l, y.issues)), (n.value[p] = y.value);
                }),
              )
            : (h.issues.length && n.issues.push(...Ne(l, h.issues)), (n.value[p] = h.value));
        }
        c && c.length > 0 && n.issues.push({ code: 'unrecognized_keys', input: i, inst: r, keys: c, continue: !0 });
      }
      return s.length ? Promise.all(s).then(() => n) : n;
    });
});
var Ls = g('$ZodEnum', (r, e) => {
    z.init(r, e);
    const t = Fn(e.entries),
      n = new Set(t);
    (r._zod.values = n),
      H(r, 'pattern', (o) => {
        const i = Fn(o.def.entries).filter((s) => Yi.has(typeof s));
        return new RegExp(i.length ? `^(${i.map((s) => qt(s.toString())).join('|')})$` : '^[^\\s\\S]$');
      }),
      (r._zod.parse = (o, i) => {
        const s = o.value;
        return (n.has(s) || o.issues.push({ code: 'invalid_value', values: t, input: s, inst: r }), o);
      });
  }),
  Ms = g('$ZodLiteral', (r, e) => {
    z.init(r, e);
    const t = new Set(e.values);
    (r._zod.values = t),
      H(r, 'pattern', (n) => {
        const o = n.def.values;
        return new RegExp(
          o.length
            ? `^(${o.map((i) => (typeof i == 'string' ? qt(i) : i ? qt(i.toString()) : String(i))).join('|')})$`
            : '^[^\\s\\S]$',
        );
      }),
      (r._zod.parse = (n, o) => {
        const i = n.value;
        return (t.has(i) || n.issues.push({ code: 'invalid_value', values: e.values, input: i, inst: r }), n);
      });
  });
var Ks = g('$ZodTransform', (r, e) => {
  z.init(r, e),
    (r._zod.optin = 'optional'),
    Je.memoizer?.guard(r),
    (r._zod.parse = (t, n) => {
      if (n.direction === 'backward') throw new Zr(r.constructor.name);
      const o = e.transform(t.value, t);
      if (n.async) return (o instanceof Promise ? o : Promise.resolve(o)).then((s) => ((t.value = s), t));
      if (o instanceof Promise) throw new ie();
      return ((t.value = o), t);
    });
});
function ws(r, e) {
  return ((r.value = e.issues.length ? void 0 : e.value), r);
}
var Ds = g('$ZodOptional', (r, e) => {
  z.init(r, e),
    H(r, 'optin', (t) => (t.def.innerType._zod.optin === 'defaulted' ? 'defaulted' : 'optional')),
    (r._zod.optout = 'optional'),
    H(r, 'values', (t) => {
      const n = t.def.innerType._zod.values;
      return n ? new Set([...n, void 0]) : void 0;
    }),
    H(r, 'pattern', (t) => {
      const n = t.def.innerType._zod.pattern;
      return n ? new RegExp(`^(${ji(n.source)})?$`) : void 0;
    }),
    (r._zod.parse = (t, n) => {
      if (t.value === void 0) {
        if (e.innerType._zod.optin !== 'defaulted') return t;
        const o = e.innerType._zod.run({ value: t.value, issues: [] }, n);
        return o instanceof Promise ? o.then((i) => ws(t, i)) : ws(t, o);
      }
      return e.innerType._zod.run(t, n);
    });
});
var Zs = g('$ZodDefault', (r, e) => {
  z.init(r, e),
    (r._zod.optin = 'defaulted'),
    H(r, 'values', (t) => t.def.innerType._zod.values),
    (r._zod.parse = (t, n) => {
      if (n.direction === 'backward') return e.innerType._zod.run(t, n);
      if (t.value === void 0) return ((t.value = e.defaultValue), t);
      const o = e.innerType._zod.run(t, n);
      return o instanceof Promise ? o.then((i) => bs(i, e)) : bs(o, e);
    });
});
function bs(r, e) {
  return (r.value === void 0 && (r.value = e.defaultValue), r);
}
var Vs = g('$ZodPipe', (r, e) => {
  z.init(r, e),
    H(r, 'values', (t) => t.def.in._zod.values),
    H(r, 'optin', (t) => t.def.in._zod.optin),
    H(r, 'optout', (t) => t.def.out._zod.optout),
    H(r, 'propValues', (t) => t.def.in._zod.propValues),
    (r._zod.parse = (t, n) => {
      if (n.direction === 'backward') {
        const i = e.out._zod.run(t, n);
        return i instanceof Promise ? i.then((s) => Vr(s, e.in, n)) : Vr(i, e.in, n);
      }
      const o = e.in._zod.run(t, n);
      return o instanceof Promise ? o.then((i) => Vr(i, e.out, n)) : Vr(o, e.out, n);
    });
});
function Vr(r, e, t) {
  return r.issues.some((n) => n.code !== 'unrecognized_keys')
    ? ((r.aborted = !0), r)
    : e._zod.run({ value: r.value, issues: r.issues }, t);
}
var Us = g('$ZodCustom', (r, e) => {
  Xe.init(r, e),
    z.init(r, e),
    (r._zod.parse = (t, n) => t),
    (r._zod.check = (t) => {
      const n = t.value,
        o = e.fn(n);
      if (o instanceof Promise) return o.then((i) => Es(i, t, n, r));
      Es(o, t, n, r);
    });
});
function Es(r, e, t, n) {
  if (!r) {
    const o = { code: 'custom', input: t, inst: n, path: [...(n._zod.def.path ?? [])], continue: !n._zod.def.abort };
    n._zod.def.params && (o.params = n._zod.def.params), e.issues.push(qn(o));
  }
}
var hu = () => {
  const r = {
    string: { unit: 'characters', verb: 'to have' },
    file: { unit: 'bytes', verb: 'to have' },
    array: { unit: 'items', verb: 'to have' },
    set: { unit: 'items', verb: 'to have' },
    map: { unit: 'entries', verb: 'to have' },
  };
  function e(i) {
    return r[i] ?? null;
  }
  const t = {
      regex: 'input',
      email: 'email address',
      url: 'URL',
      emoji: 'emoji',
      uuid: 'UUID',
      uuidv4: 'UUIDv4',
      uuidv6: 'UUIDv6',
      nanoid: 'nanoid',
      guid: 'GUID',
      cuid: 'cuid',
      cuid2: 'cuid2',
      ulid: 'ULID',
      xid: 'XID',
      ksuid: 'KSUID',
      datetime: 'ISO datetime',
      date: 'ISO date',
      time: 'ISO time',
      duration: 'ISO duration',
      ipv4: 'IPv4 address',
      ipv6: 'IPv6 address',
      mac: 'MAC address',
      cidrv4: 'IPv4 range',
      cidrv6: 'IPv6 range',
      base64: 'base64-encoded string',
      base64url: 'base64url-encoded string',
      json_string: 'JSON string',
      e164: 'E.164 number',
      currency_code: 'currency code',
      credit_card: 'credit card number',
      iban: 'IBAN',
      jwt: 'JWT',
      template_literal: 'input',
    },
    n = { nan: 'NaN' };
  function o(i, s) {
    return i === 'number' && typeof s == 'number' && !Number.isFinite(s) ? String(s) : (n[i] ?? i);
  }
  return (i) => {
    switch (i.code) {
      case 'invalid_type': {
        const s = o(i.expected),
          a = Qi(i.input),
          c = o(a, i.input);
        return `Invalid input: expected ${s}, received ${c}`;
      }
      case 'invalid_value':
        return i.values.length === 1
          ? `Invalid input: expected ${Gn(i.values[0])}`
          : `Invalid option: expected one of ${jn(i.values, '|')}`;
      case 'too_big': {
        const s = i.exact ? 'exactly ' : i.inclusive ? '<=' : '<',
          a = e(i.origin);
        return a
          ? `Too big: expected ${i.origin ?? 'value'} to have ${s}${i.maximum.toString()} ${a.unit ?? 'elements'}`
          : `Too big: expected ${i.origin ?? 'value'} to be ${s}${i.maximum.toString()}`;
      }
      case 'too_small': {
        const s = i.exact ? 'exactly ' : i.inclusive ? '>=' : '>',
          a = e(i.origin);
        return a
          ? `Too small: expected ${i.origin} to have ${s}${i.minimum.toString()} ${a.unit}`
          : `Too small: expected ${i.origin} to be ${s}${i.minimum.toString()}`;
      }
      case 'invalid_format': {
        const s = i;
        return s.format === 'starts_with'
          ? `Invalid string: must start with "${s.prefix}"`
          : s.format === 'ends_with'
            ? `Invalid string: must end with "${s.suffix}"`
            : s.format === 'includes'
              ? `Invalid string: must include "${s.includes}"`
              : s.format === 'regex'
                ? `Invalid string: must match pattern ${s.pattern}`
                : `Invalid ${t[s.format] ?? i.format}`;
      }
      case 'not_multiple_of':
        return `Invalid number: must be a multiple of ${i.divisor}`;
      case 'unrecognized_keys':
        return `Unrecognized key${i.keys.length > 1 ? 's' : ''}: ${jn(i.keys, ', ')}`;
      case 'invalid_key':
        return `Invalid key in ${i.origin}`;
      case 'invalid_union':
        return i.options && Array.isArray(i.options) && i.options.length > 0
          ? `Invalid discriminator value. Expected ${i.options.map((a) => `'${a}'`).join(' | ')}`
          : i.inclusive === !1
            ? 'Invalid input: more than one option matched'
            : 'Invalid input';
      case 'invalid_element':
        return `Invalid value in ${i.origin}`;
      default:
        return 'Invalid input';
    }
  };
};
function po() {
  return { localeError: hu() };
}
function Fs(r) {
  return (r.checks && (r.checks = [...r.checks]), r);
}
function js(r, e) {
  return new r(Fs({ type: 'string', ...S(e) }));
}
function Bs(r, e) {
  return new r({
    type: 'string',
    format: 'datetime',
    check: 'string_format',
    offset: !1,
    local: !1,
    precision: null,
    ...S(e),
  });
}
function Ws(r, e) {
  return new r({ type: 'string', format: 'date', check: 'string_format', ...S(e) });
}
function Hs(r, e) {
  return new r({ type: 'string', format: 'time', check: 'string_format', precision: null, ...S(e) });
}
function Gs(r, e) {
  return new r({ type: 'string', format: 'duration', check: 'string_format', ...S(e) });
}
function Ys(r, e) {
  return new r(Fs({ type: 'number', checks: [], ...S(e) }));
}
function Js(r, e) {
  return new r({ type: 'boolean', ...S(e) });
}
function Xs(r) {
  return new r({ type: 'unknown' });
}
function qs(r, e) {
  return new r({ type: 'never', ...S(e) });
}
function G(r, e) {
  return new hs({ check: 'max_length', ...S(e), maximum: r });
}
function A(r, e) {
  return new ys({ check: 'min_length', ...S(e), minimum: r });
}
function tr(r, e) {
  return new gs({ check: 'string_format', format: 'regex', ...S(e), pattern: r });
}
function Qs(r, e, t) {
  return new r({ type: 'custom', check: 'custom', fn: e, ...S(t) });
}
var K = g(
    'ZodMiniType',
    (r, e) => {
      if (!r._zod) throw new Error('Uninitialized schema in ZodMiniType.');
      z.init(r, e), (r.def = e), (r.type = e.type);
    },
    {
      get with() {
        return this.check;
      },
      set with(r) {
        Ye(this, 'with', r);
      },
      parse(r, e) {
        return no(this, r, e, { callee: this.parse });
      },
      parseAsync(r, e) {
        return oo(this, r, e, { callee: this.parseAsync });
      },
      safeParse(r, e) {
        return er(this, r, e);
      },
      safeParseAsync(r, e) {
        return io(this, r, e);
      },
      check(...r) {
        const e = this.def;
        return this.clone(
          {
            ...e,
            checks: [
              ...(e.checks ?? []),
              ...r.map((t) =>
                typeof t == 'function' ? { _zod: { check: t, def: { check: 'custom' }, onattach: [] } } : t,
              ),
            ],
          },
          { parent: !0 },
        );
      },
      clone(r, e) {
        return ht(this, r, e);
      },
      brand() {
        return this;
      },
      register(r, e) {
        return (r.add(this, e), this);
      },
      apply(r, ...e) {
        return e.length === 0 ? r(this) : r(this, ...e);
      },
    },
  ),
  ra = g('ZodMiniString', (r, e) => {
    lo.init(r, e), K.init(r, e);
  });
function f(r) {
  return js(ra, r);
}
var rr = g('ZodMiniStringFormat', (r, e) => {
  yt.init(r, e), ra.init(r, e);
});
var xu = g('ZodMiniNumber', (r, e) => {
  $s.init(r, e), K.init(r, e);
});
function na(r) {
  return Ys(xu, r);
}
var vu = g('ZodMiniBoolean', (r, e) => {
  Ts.init(r, e), K.init(r, e);
});
function nr(r) {
  return Js(vu, r);
}
var _u = g('ZodMiniUnknown', (r, e) => {
  Rs.init(r, e), K.init(r, e);
});
function qe() {
  return Xs(_u);
}
var wu = g('ZodMiniNever', (r, e) => {
  zs.init(r, e), K.init(r, e);
});
function bu(r) {
  return qs(wu, r);
}
var Eu = g('ZodMiniArray', (r, e) => {
  Cs.init(r, e), K.init(r, e);
});
function Le(r, e) {
  return new Eu({ type: 'array', element: r, ...S(e) });
}
var fo = g('ZodMiniObject', (r, e) => {
  Ns.init(r, e), K.init(r, e), ts(r, 'shape', (t) => t._zod.def.shape, !1);
});
function oa(r, e) {
  const t = { type: 'object', shape: r ?? {}, ...S(e) };
  return new fo(t);
}
function Fr(r, e) {
  return new fo({ type: 'object', shape: r, catchall: bu(), ...S(e) });
}
function k(r, e) {
  return new fo({ type: 'object', shape: r, catchall: qe(), ...S(e) });
}
function ia(r, e) {
  return Xi(r, e);
}
var ea = g('ZodMiniRecord', (r, e) => {
  Os.init(r, e), K.init(r, e);
});
function sa(r, e, t) {
  return !e || !e._zod
    ? new ea({ type: 'record', keyType: f(), valueType: r, ...S(e) })
    : new ea({ type: 'record', keyType: r, valueType: e, ...S(t) });
}
var Au = g('ZodMiniEnum', (r, e) => {
  Ls.init(r, e), K.init(r, e), (r.options = [...r._zod.values]);
});
function jr(r, e) {
  const t = Array.isArray(r) ? Object.fromEntries(r.map((n) => [n, n])) : r;
  return new Au({ type: 'enum', entries: t, ...S(e) });
}
var Su = g('ZodMiniLiteral', (r, e) => {
  Ms.init(r, e), K.init(r, e);
});
function Br(r, e) {
  return new Su({ type: 'literal', values: Array.isArray(r) ? r : [r], ...S(e) });
}
var Iu = g('ZodMiniTransform', (r, e) => {
  Ks.init(r, e), K.init(r, e);
});
function mo(r) {
  return new Iu({ type: 'transform', transform: r });
}
var ku = g('ZodMiniOptional', (r, e) => {
  Ds.init(r, e), K.init(r, e);
});
function x(r) {
  return new ku({ type: 'optional', innerType: r });
}
var Pu = g('ZodMiniDefault', (r, e) => {
  Zs.init(r, e), K.init(r, e);
});
function _e(r, e) {
  return new Pu({
    type: 'default',
    innerType: r,
    get defaultValue() {
      return typeof e == 'function' ? e() : Hn(e);
    },
  });
}
var $u = g('ZodMiniPipe', (r, e) => {
  Vs.init(r, e), K.init(r, e);
});
function Wr(r, e) {
  return new $u({ type: 'pipe', in: r, out: e });
}
var Tu = g('ZodMiniCustom', (r, e) => {
  Us.init(r, e), K.init(r, e);
});
function Hr(r, e = {}) {
  return Qs(Tu, r, e);
}
var Gr = {};
_o(Gr, {
  ZodMiniISODate: () => ca,
  ZodMiniISODateTime: () => aa,
  ZodMiniISODuration: () => la,
  ZodMiniISOTime: () => ua,
  date: () => Ou,
  datetime: () => Nu,
  duration: () => Mu,
  time: () => Lu,
});
var aa = g('ZodMiniISODateTime', (r, e) => {
  Ss.init(r, e), rr.init(r, e);
});
function Nu(r) {
  return Bs(aa, r);
}
var ca = g('ZodMiniISODate', (r, e) => {
  Is.init(r, e), rr.init(r, e);
});
function Ou(r) {
  return Ws(ca, r);
}
var ua = g('ZodMiniISOTime', (r, e) => {
  ks.init(r, e), rr.init(r, e);
});
function Lu(r) {
  return Hs(ua, r);
}
var la = g('ZodMiniISODuration', (r, e) => {
  Ps.init(r, e), rr.init(r, e);
});
function Mu(r) {
  return Gs(la, r);
}
q(po());
function se(r, e) {
  const t = er(r, e);
  if (t.success) return t.data;
  const n = t.error;
  throw ((n.name = 'ZodError'), Error.captureStackTrace(n, se), n);
}
async function or(r, e, t) {
  const n = ke(JSON.stringify({ ...t, at: new Date().toISOString() }));
  await r.send(
    new da.PublishCommand({
      TopicArn: e,
      Subject: `rekey: ${t.kind}`.slice(0, 100),
      Message: n,
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: t.kind },
        ...(t.secretName ? { secretName: { DataType: 'String', StringValue: t.secretName } } : {}),
      },
    }),
  );
}
var pa = require('node:crypto');
function Yr(r) {
  return (0, pa.createHash)('sha256').update(r, 'utf8').digest('hex');
}
function ho(r) {
  const e = r.slice(0, 12),
    t = Math.max(e.lastIndexOf('-'), e.lastIndexOf('_'));
  return `${t >= 0 ? e.slice(0, t + 1) : r.slice(0, 4)}\u2026${r.slice(-4)}`;
}
var Ku = /^[^\s…]{1,12}…[^\s…]{4}$/,
  Du = new Set(['anthropic', 'openai', 'rekey-generated', 'bearer']),
  Me = Wr(
    Fr({
      findingId: f().check(A(1), G(256)),
      source: _e(
        f().check(A(1), G(64), tr(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits and ._- only')),
        'custom',
      ),
      fingerprint: x(f().check(tr(/^[0-9a-f]{64}$/, 'must be the lowercase hex SHA-256 of the key'))),
      keyId: x(
        f().check(
          A(1),
          G(256),
          Hr((r) => !Du.has(Yo(r)), { message: 'looks like a key itself; send its fingerprint instead' }),
        ),
      ),
      keyHint: x(
        Wr(
          Wr(
            f().check(G(64)),
            mo((r) => r.replace('...', '\u2026')),
          ),
          f().check(tr(Ku, 'must be the redacted form prefix\u2026last4, e.g. "sk-proj-\u2026a1B2"')),
        ),
      ),
      abuse: _e(nr(), !1),
      location: x(f().check(G(1e3))),
      reason: x(f().check(G(500))),
      secretType: x(f().check(G(128))),
      detectedAt: x(f().check(G(64))),
    }).check(
      Hr((r) => r.fingerprint || r.keyId || r.keyHint, {
        message: 'a finding must name the key by fingerprint, keyId or keyHint',
      }),
      Hr((r) => !Vu(r.findingId, r.fingerprint), {
        message: 'quotes a key; use an id that names where it was found, not what',
        path: ['findingId'],
      }),
    ),
    mo((r) => ({
      ...r,
      ...(r.location !== void 0 ? { location: yo(r.location, r.fingerprint) } : {}),
      ...(r.reason !== void 0 ? { reason: yo(r.reason, r.fingerprint) } : {}),
    })),
  );
function yo(r, e) {
  const t = Kt(r);
  return e ? t.replace(/[^\s"'`=:,;()<>[\]{}]{8,}/g, (n) => (Yr(n) === e ? Lt : n)) : t;
}
var Zu = Mt.filter((r) => r.kind !== 'aws-access-key');
function Vu(r, e) {
  for (const { re: t, requires: n } of Zu)
    if (!(n && !n.test(r)) && new RegExp(t.source, t.flags.replace('g', '')).test(r)) return !0;
  return e !== void 0 && yo(r, e) !== Kt(r);
}
function gt(r) {
  return `${r.source}:${r.findingId}`;
}
var Uu = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$/;
function xt(r) {
  return Uu.test(r);
}
var wa = require('node:crypto');
var fa = require('node:crypto'),
  Jr = require('@aws-sdk/client-sfn');
var Fu = Fr({
  secretName: f().check(A(1)),
  oldVersionId: f().check(A(1)),
  newVersionId: f().check(A(1)),
  mode: jr(['scheduled', 'emergency', 'abuse']),
  reason: _e(f().check(G(500)), ''),
});
function ju(r, e = 0) {
  const t = (0, fa.createHash)('sha256')
      .update(`${r.secretName}
${r.oldVersionId}`)
      .digest('hex')
      .slice(0, 32),
    n = r.secretName.replace(/[^A-Za-z0-9_-]/g, '-').slice(-30),
    o = `${r.mode}-${n}-${t}`,
    i = e > 0 ? `-r${e}` : '';
  return `${o.slice(0, 80 - i.length)}${i}`;
}
async function Xr(r, e, t) {
  const n = se(Fu, t);
  try {
    return (
      await r.send(new Jr.StartExecutionCommand({ stateMachineArn: e, name: ju(n), input: JSON.stringify(n) })), !0
    );
  } catch (o) {
    if (o instanceof Jr.ExecutionAlreadyExists || o.name === 'ExecutionAlreadyExists') return !1;
    throw o;
  }
}
var we = require('@aws-sdk/client-secrets-manager');
var Bu = k({
  apiKey: f().check(A(1)),
  keyId: f(),
  provider: jr(un),
  createdAt: f(),
  options: _e(sa(f(), qe()), {}),
  adminSecretId: x(f()),
});
function go(r, e) {
  if (r === void 0) throw new rt(`${e} has no SecretString`);
  let t;
  try {
    t = JSON.parse(r);
  } catch {
    throw new rt(`${e} is not JSON`);
  }
  const n = Bu.safeParse(t);
  if (!n.success) {
    const o = n.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new rt(`${e} does not have rekey's shape (bad fields: ${o})`);
  }
  return n.data;
}
async function qr(r, e) {
  return r.send(new we.DescribeSecretCommand({ SecretId: e }));
}
function Qe(r, e) {
  return Object.entries(r ?? {}).find(([, t]) => t.includes(e))?.[0];
}
async function Wu(r, e, t) {
  const n = await r.send(new we.GetSecretValueCommand({ SecretId: e, VersionStage: t.stage, VersionId: t.versionId })),
    o = go(n.SecretString, `secret ${e} version ${n.VersionId ?? t.stage}`);
  return (ee(o.apiKey), o);
}
async function xo(r, e, t) {
  try {
    return await Wu(r, e, t);
  } catch (n) {
    if (n instanceof we.ResourceNotFoundException || n.name === 'ResourceNotFoundException') return;
    throw n;
  }
}
async function ma(r, e) {
  let n = (await r.send(new we.GetSecretValueCommand({ SecretId: e, VersionStage: 'AWSCURRENT' }))).SecretString ?? '',
    o = n;
  if (n.trim().startsWith('{')) {
    const i = JSON.parse(n);
    o = String(i.apiKey ?? i.token ?? '');
  }
  return (ee(o), o);
}
async function vt(r, e, t) {
  let n;
  try {
    n = await r.send(new we.GetSecretValueCommand({ SecretId: e, VersionId: t }));
  } catch (i) {
    if (i instanceof we.ResourceNotFoundException || i.name === 'ResourceNotFoundException') return;
    throw i;
  }
  if (n.SecretString === void 0) return;
  const o = go(n.SecretString, `secret ${e} version ${t}`);
  return (ee(o.apiKey), o);
}
var ga = require('@aws-sdk/client-secrets-manager');
var Hu = require('@aws-sdk/client-secrets-manager');
function ha(r, e, t, n) {
  return {
    secretName: r,
    ...(e ? { secretArn: e } : {}),
    versionId: t,
    keyId: n.keyId,
    provider: n.provider,
    fingerprint: Yr(n.apiKey),
    keyHint: ho(n.apiKey),
    createdAt: n.createdAt,
  };
}
function Gu(r, e, t, n, o = {}) {
  return {
    secretName: r,
    token: e,
    options: t.options,
    adminCredential: async () => {
      if (!t.adminSecretId) throw new Et(`secret ${r} names no adminSecretId`);
      return ma(n.sm, t.adminSecretId);
    },
    ...(o.currentKeyId ? { currentKeyId: o.currentKeyId } : {}),
    ...(o.previousKeyId ? { previousKeyId: o.previousKeyId } : {}),
  };
}
async function Yu(r, e, t) {
  await r.revokeKey(e, t), r.deleteKey && (await r.deleteKey(e, t));
}
async function ya(r, e, t, n, o, i, s) {
  const a = o[t] ?? [];
  if (a.includes('AWSCURRENT') || a.includes('AWSPREVIOUS'))
    throw new Et(`refusing to abandon version ${t} of ${r}: it is ${a.join(', ')}`);
  const c = Qe(o, 'AWSCURRENT'),
    l = Qe(o, 'AWSPREVIOUS'),
    u = c ? await xo(i.sm, r, { stage: 'AWSCURRENT', versionId: c }) : void 0,
    d = l ? await xo(i.sm, r, { stage: 'AWSPREVIOUS', versionId: l }).catch(() => {}) : void 0,
    p = i.providerFor(n.provider),
    h = Gu(r, t, n, i, { currentKeyId: u?.keyId, previousKeyId: d?.keyId });
  n.keyId !== u?.keyId && n.keyId !== d?.keyId && (await Yu(p, h, { keyId: n.keyId, apiKey: n.apiKey, versionId: t })),
    await i.inventory.recordVersion(ha(r, e, t, n), 'abandoned', s),
    E.warn('abandoned a version that can never become current', {
      secretName: r,
      versionId: t,
      keyId: n.keyId,
      reason: s,
    });
}
async function xa(r, e, t, n, o, i, s) {
  const a = await vt(i.sm, r, t);
  if (
    ((n[t] ?? []).includes('AWSPENDING') &&
      (await i.sm.send(
        new ga.UpdateSecretVersionStageCommand({ SecretId: r, VersionStage: 'AWSPENDING', RemoveFromVersionId: t }),
      )),
    a)
  ) {
    const c = { ...n, [t]: (n[t] ?? []).filter((l) => l !== 'AWSPENDING') };
    await ya(r, e, t, a, c, i, s);
  } else await i.inventory.transition(r, t, 'abandoned', s);
  return (
    E.warn('abandoned a rotation whose pending key was exposed', { secretName: r, versionId: t }),
    o?.mode ?? 'scheduled'
  );
}
var Qr = class extends De {
    constructor(t, n) {
      super(`no normaliser for events from ${t.slice(0, 64)} / ${n.slice(0, 64)}`);
      this.eventSource = t;
      this.detailType = n;
      this.name = 'UnsupportedEventError';
    }
    eventSource;
    detailType;
  },
  be = class extends De {
    constructor(t, n, o) {
      super(`finding from ${t.slice(0, 64)} is not valid`, n, o);
      this.eventSource = t;
      this.name = 'MalformedFindingError';
    }
    eventSource;
  },
  et = class extends Q {
    constructor(e) {
      super(e), (this.name = 'ExposureRaceError');
    }
  };
async function va(r, e) {
  if (r.fingerprint) {
    const t = vo(await e.findByFingerprint(r.fingerprint));
    if (t.length > 0) return { by: 'fingerprint', versions: t, ambiguous: !1 };
  }
  if (r.keyId) {
    const t = vo(await e.findByKeyId(r.keyId));
    if (t.length > 0) return { by: 'keyId', versions: t, ambiguous: !1 };
  }
  if (r.keyHint) {
    const t = vo(await e.findByHint(r.keyHint));
    if (t.length > 0) return { by: 'keyHint', versions: t, ambiguous: t.length > 1 };
  }
  return { versions: [], ambiguous: !1 };
}
function vo(r) {
  const e = new Set();
  return r.filter((t) => {
    if (!t.sk?.startsWith('VERSION#') || !t.secretName || !t.versionId) return !1;
    const n = `${t.secretName}
${t.versionId}`;
    return e.has(n) ? !1 : (e.add(n), !0);
  });
}
var en = require('@aws-sdk/client-secrets-manager'),
  _t = class extends Error {
    constructor(e, t) {
      super(`a previous rotation of ${e} is not complete`, t), (this.name = 'RotationInProgressError');
    }
  };
function _a(r) {
  return {
    async start({ secretName: e, token: t }) {
      try {
        await r.send(new en.RotateSecretCommand({ SecretId: e, ClientRequestToken: t, RotateImmediately: !0 }));
      } catch (n) {
        const o = n;
        throw (n instanceof en.InvalidRequestException || o.name === 'InvalidRequestException') &&
          /previous rotation/i.test(o.message)
          ? new _t(e, { cause: n })
          : n;
      }
    },
  };
}
var ba = 4;
async function Ea(r, e) {
  const t = gt(r),
    n = await va(r, e.inventory);
  if (n.versions.length === 0)
    return (
      await or(e.sns, e.opsTopicArn, {
        kind: 'unmatched-exposure',
        summary: `a ${r.source} finding names no managed key`,
        details: {
          findingId: r.findingId,
          source: r.source,
          fingerprint: r.fingerprint,
          keyId: r.keyId,
          keyHint: r.keyHint,
          secretType: r.secretType,
          location: r.location,
          abuse: r.abuse,
        },
      }),
      E.warn(cn, { findingKey: t }),
      { findingKey: t, ambiguous: !1, outcomes: [{ action: 'unmatched' }] }
    );
  n.ambiguous &&
    E.warn('finding hint names several key versions; treating each as exposed', {
      findingKey: t,
      candidates: n.versions.length,
    });
  const o = [];
  for (const i of n.versions) {
    const s = await Ju(i, r, e);
    o.push(s),
      s.action !== 'not-managed' &&
        (await e.inventory.recordExposure(i.secretName, i.versionId, { findingKey: t, outcome: s.action })),
      E.info('exposure handled', {
        findingKey: t,
        matchedBy: n.by,
        secretName: i.secretName,
        versionId: i.versionId,
        action: s.action,
        newVersionId: s.newVersionId,
        mode: s.mode,
      });
  }
  for (const i of new Set(o.map((s) => s.secretName).filter((s) => !!s))) {
    const s = o.filter((a) => a.secretName === i);
    await or(e.sns, e.opsTopicArn, {
      kind: 'exposure-handled',
      summary: `${r.source} finding ${r.findingId.slice(0, 80)}: ${s.map((a) => a.action).join(', ')}`,
      secretName: i,
      details: {
        findingId: r.findingId,
        source: r.source,
        matchedBy: n.by,
        ambiguous: n.ambiguous,
        versions: s.map((a) => `${a.versionId}:${a.action}${a.newVersionId ? `->${a.newVersionId}` : ''}`).join(' '),
        mode: s.find((a) => a.mode)?.mode,
      },
    });
  }
  return { findingKey: t, matchedBy: n.by, ambiguous: n.ambiguous, outcomes: o };
}
async function Ju(r, e, t) {
  const { secretName: n, versionId: o } = r;
  if (t.secretPrefix && !n.startsWith(t.secretPrefix))
    return (
      E.warn('inventory names a secret outside the managed prefix; leaving it alone', { secretName: n }),
      { action: 'not-managed', secretName: n, versionId: o }
    );
  const i = e.abuse ? 'abuse' : 'emergency',
    s = gt(e),
    a = `${e.reason ?? 'key exposed'} [${s}]`.slice(0, 300),
    c = `${s}
${n}
${o}`;
  for (let l = 0; l < ba; l++) {
    const u = await qr(t.sm, n),
      d = u.VersionIdsToStages ?? {},
      p = d[o] ?? [],
      h = { secretName: n, versionId: o },
      { token: y } = await Aa(n, c, d, t);
    if (d[y]?.includes('AWSPENDING') || (d[y]?.includes('AWSCURRENT') && !p.includes('AWSCURRENT')))
      return { action: 'rotation-started', ...h, newVersionId: y, mode: i };
    if (p.includes('AWSCURRENT')) {
      const T = Qe(d, 'AWSPENDING');
      if (T && T !== o) {
        const Y = await Xu(n, o, T, i, a, t);
        if (Y) return { action: 'in-flight-escalated', ...h, newVersionId: T, mode: Y };
        continue;
      }
      const ce = y;
      await t.inventory.transition(n, ce, 'requested', a, { mode: i, reason: a });
      try {
        await t.rotations.start({ secretName: n, token: ce });
      } catch (Y) {
        if (Y instanceof _t) continue;
        throw Y;
      }
      return { action: 'rotation-started', ...h, newVersionId: ce, mode: i };
    }
    const _ = (await t.inventory.getVersion(n, o)) ?? r,
      C = p.includes('AWSPENDING') || (p.length === 0 && (_.status === 'pending' || _.status === 'requested'));
    if (
      (C && (await xa(n, u.ARN, o, d, _, t, `pending key exposed ${a}`.slice(0, 300))), C || _.status === 'abandoned')
    ) {
      const T = (await t.inventory.getVersion(n, o)) ?? _;
      if (await tl(T, d, t)) {
        const ce = T.mode ?? 'scheduled',
          Y = await el(
            n,
            o,
            `${c}
fresh`,
            ce,
            d,
            t,
          );
        return { action: 'pending-abandoned', ...h, newVersionId: Y, mode: ce };
      }
      return { action: 'already-revoked', ...h };
    }
    if (_.status === 'revoked' || _.status === 'deactivated') return { action: 'already-revoked', ...h };
    if (p.length === 0 && _.provider === 'generated') return { action: 'already-revoked', ...h };
    const N = Qe(d, 'AWSCURRENT');
    if (!N) throw new et(`secret ${n} has no AWSCURRENT version`);
    return (
      await Xr(t.sfn, t.stateMachineArn, { secretName: n, oldVersionId: o, newVersionId: N, mode: 'abuse', reason: a }),
      { action: 'revocation-started', ...h, newVersionId: N, mode: 'abuse' }
    );
  }
  throw new et(`secret ${n} kept changing while handling exposed version ${o}`);
}
async function Xu(r, e, t, n, o, i) {
  const s = await i.inventory.raiseMode(r, t, n, o),
    c = ((await qr(i.sm, r)).VersionIdsToStages ?? {})[t] ?? [];
  if (c.includes('AWSCURRENT'))
    return (
      await Xr(i.sfn, i.stateMachineArn, {
        secretName: r,
        oldVersionId: e,
        newVersionId: t,
        mode: it[s] >= it[n] ? s : n,
        reason: o,
      }),
      s
    );
  if (c.includes('AWSPENDING')) return s;
}
function qu(r) {
  const e = (0, wa.createHash)('sha256').update(r).digest('hex'),
    t = ((Number.parseInt(e[16] ?? '0', 16) & 3) | 8).toString(16);
  return `${e.slice(0, 8)}-${e.slice(8, 12)}-4${e.slice(13, 16)}-${t}${e.slice(17, 20)}-${e.slice(20, 32)}`;
}
function Qu(r, e) {
  return e.newToken?.(r) ?? qu(r);
}
async function Aa(r, e, t, n) {
  for (let o = 0; o < ba; o++) {
    const i = Qu(
      o === 0
        ? e
        : `${e}
retry ${o}`,
      n,
    );
    if ((t[i] ?? []).length > 0) return { token: i, state: 'live' };
    const s = await n.inventory.getVersion(r, i);
    if (s?.history?.some((a) => a.status === 'current')) return { token: i, state: 'done' };
    if (!(s && s.status !== 'requested') && !(await vt(n.sm, r, i))) return { token: i, state: 'unused' };
  }
  throw new et(`every rotation started for this finding on ${r} was abandoned`);
}
async function el(r, e, t, n, o, i) {
  const s = await Aa(r, t, o, i);
  if (s.state !== 'unused') return s.token;
  const a = `replaces abandoned ${e}`;
  return (
    await i.inventory.transition(r, s.token, 'requested', a, { mode: n, reason: a }), await rl(r, s.token, i), s.token
  );
}
async function tl(r, e, t) {
  const n = Qe(e, 'AWSCURRENT'),
    o = n ? await t.inventory.getVersion(r.secretName, n) : void 0,
    i = r.createdAt ?? r.history?.[0]?.at;
  return !o?.createdAt || !i || o.createdAt <= i;
}
async function rl(r, e, t) {
  try {
    await t.rotations.start({ secretName: r, token: e });
  } catch (n) {
    throw n instanceof _t ? new et(`${r}: the abandoned rotation has not ended yet; retry this finding`) : n;
  }
}
var Sa = require('@aws-sdk/client-sqs'),
  Ia = require('@aws-sdk/lib-dynamodb');
var tn = class {
  constructor(e, t, n = () => new Date()) {
    this.doc = e;
    this.tableName = t;
    this.now = n;
  }
  doc;
  tableName;
  now;
  async record(e, t) {
    const n = this.now().toISOString();
    await this.doc.send(
      new Ia.UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `FINDING#${t.findingKey}`, sk: 'FINDING' },
        UpdateExpression:
          'SET firstSeenAt = if_not_exists(firstSeenAt, :at), lastSeenAt = :at, findingSource = :source, findingId = :id, abuse = :abuse, matchedBy = :by, ambiguous = :ambiguous, outcomes = :outcomes',
        ExpressionAttributeValues: {
          ':at': n,
          ':source': e.source,
          ':id': e.findingId,
          ':abuse': e.abuse,
          ':by': t.matchedBy ?? 'none',
          ':ambiguous': t.ambiguous,
          ':outcomes': t.outcomes.map((o) =>
            [o.action, o.secretName, o.versionId, o.newVersionId, o.mode].filter(Boolean).join(' '),
          ),
        },
      }),
    );
  }
};
async function ka(r, e, t, n) {
  const o = t ?? {},
    i = (s) => ({ DataType: 'String', StringValue: ke(String(s ?? '-')).slice(0, 256) || '-' });
  await r.send(
    new Sa.SendMessageCommand({
      QueueUrl: e,
      MessageBody: ke(JSON.stringify(t ?? null)).slice(0, 25e4),
      MessageAttributes: {
        errorName: i(n.name),
        errorMessage: i(n.message),
        eventId: i(o.id),
        eventSource: i(o.source),
        detailType: i(o['detail-type']),
      },
    }),
  );
}
var Pa = require('node:crypto');
var nl = oa({
  version: f(),
  id: f(),
  source: f(),
  account: f(),
  time: Gr.datetime(),
  region: f(),
  resources: Le(f()),
  'detail-type': f(),
  detail: qe(),
  'replay-name': x(f()),
});
function Ke(r) {
  return ia(nl, { detail: r });
}
function wt(r, e, t) {
  const n = r.safeParse(e);
  if (n.success) return n.data;
  throw new be(t, rn(n.error));
}
function rn(r) {
  return r.issues.map((e) => `${e.path.join('.') || '(root)'}: ${e.message}`.slice(0, 300));
}
function bt(r) {
  return r.length <= 256
    ? r
    : `${r.slice(0, 200)}#${(0, Pa.createHash)('sha256').update(r).digest('hex').slice(0, 40)}`;
}
var ol = k({
    eventArn: f().check(A(1)),
    service: x(f()),
    eventTypeCode: Br(ue.eventTypeCode),
    eventTypeCategory: x(f()),
    affectedAccount: x(f()),
    startTime: x(f()),
    statusCode: x(f()),
    affectedEntities: Le(k({ entityValue: f().check(A(1)) })).check(A(1)),
  }),
  il = Ke(ol),
  $a = {
    eventSource: ue.source,
    detailTypes: ue.detailTypes,
    normalise(r) {
      const e = wt(il, r, ue.source),
        t = e.detail.affectedAccount ?? e.account,
        n = [],
        o = [];
      if (e.detail.statusCode === 'closed')
        return { findings: n, ignored: [{ ref: e.detail.eventArn, reason: 'event closed' }] };
      for (const i of e.detail.affectedEntities) {
        const s = i.entityValue.trim();
        if (!xt(s)) {
          o.push({ ref: e.detail.eventArn, reason: 'affected entity is not an access key id' });
          continue;
        }
        n.push(
          se(Me, {
            findingId: bt(`${t}/${e.detail.eventArn}/${s}`),
            source: 'aws-health',
            keyId: s,
            abuse: !1,
            location: 'public code repository (reported by AWS Health)',
            reason: `AWS Health ${ue.eventTypeCode}`,
            secretType: 'aws-access-key',
            detectedAt: e.time,
          }),
        );
      }
      return { findings: n, ignored: o };
    },
  };
var sl = new Set(['github', 'aws-health', 'security-hub', 'guardduty']);
function Ta(r, e) {
  const t = Ke(qe()),
    n = r.source;
  return {
    eventSource: n,
    detailTypes: [r.detailType],
    normalise(o) {
      const i = t.safeParse(o);
      if (!i.success) throw new be(n, rn(i.error));
      const s = Me.safeParse(i.data.detail);
      if (!s.success)
        throw new be(
          n,
          rn(s.error).map((c) => `detail.${c}`),
        );
      const a = s.data;
      if (e !== void 0 && a.source !== e) throw new be(n, [`detail.source: must be "${e}"`]);
      if (e === void 0 && sl.has(a.source))
        throw new be(n, [`detail.source: "${a.source}" is reserved for rekey's own intake`]);
      return { findings: [a], ignored: [] };
    },
  };
}
var Ra = Ta(At),
  za = Ta(St, 'github');
var al = k({
    id: f().check(A(1)),
    accountId: x(f()),
    type: f().check(A(1)),
    title: x(f()),
    severity: x(na()),
    updatedAt: x(f()),
    resource: k({
      resourceType: Br(Se.resourceType),
      accessKeyDetails: k({ accessKeyId: f().check(A(1)), userName: x(f()), userType: x(f()) }),
    }),
    service: x(k({ archived: x(nr()), additionalInfo: x(k({ sample: x(nr()) })) })),
  }),
  cl = Ke(al),
  Ca = {
    eventSource: Se.source,
    detailTypes: Se.detailTypes,
    normalise(r) {
      const e = wt(cl, r, Se.source),
        t = e.detail,
        n = `${t.accountId ?? e.account}/${t.id}`;
      if (t.service?.additionalInfo?.sample) return { findings: [], ignored: [{ ref: n, reason: 'sample finding' }] };
      if (t.service?.archived) return { findings: [], ignored: [{ ref: n, reason: 'archived finding' }] };
      const o = t.resource.accessKeyDetails.accessKeyId.trim();
      if (!xt(o)) return { findings: [], ignored: [{ ref: n, reason: 'not an access key id' }] };
      const i = t.type.split(':')[0] ?? '';
      return {
        findings: [
          se(Me, {
            findingId: bt(n),
            source: 'guardduty',
            keyId: o,
            abuse: i !== 'Policy',
            location: (t.title ?? t.type).slice(0, 1e3),
            reason: `GuardDuty ${t.type}`.slice(0, 500),
            secretType: 'aws-access-key',
            detectedAt: t.updatedAt ?? e.time,
          }),
        ],
        ignored: [],
      };
    },
  };
var ul = k({ Type: f(), Id: f(), Details: x(k({ AwsIamAccessKey: x(k({ AccessKeyId: x(f()) })) })) }),
  ll = k({
    Id: f().check(A(1)),
    ProductArn: f().check(A(1)),
    AwsAccountId: x(f()),
    Types: _e(Le(f()), []),
    Title: x(f()),
    UpdatedAt: x(f()),
    RecordState: x(f()),
    Workflow: x(k({ Status: x(f()) })),
    Resources: Le(ul).check(A(1)),
  }),
  dl = Ke(k({ findings: Le(ll).check(A(1)) })),
  pl = /^(TTPs|Effects|Unusual Behaviors)(\/|$)/,
  fl = /^Software and Configuration Checks(\/|$)/,
  ml = /(?:^|[^A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])/;
function hl(r) {
  const e = r.Details?.AwsIamAccessKey?.AccessKeyId?.trim();
  return e && xt(e) ? e : ml.exec(r.Id)?.[1];
}
var Na = {
  eventSource: Ae.source,
  detailTypes: Ae.detailTypes,
  normalise(r) {
    const e = wt(dl, r, Ae.source),
      t = [],
      n = [];
    for (const o of e.detail.findings) {
      const i = o.Id;
      if (o.RecordState && o.RecordState !== 'ACTIVE') {
        n.push({ ref: i, reason: `record state ${o.RecordState}` });
        continue;
      }
      const s = o.Workflow?.Status;
      if (s === 'RESOLVED' || s === 'SUPPRESSED') {
        n.push({ ref: i, reason: `workflow status ${s}` });
        continue;
      }
      if (o.Types.length > 0 && o.Types.every((u) => fl.test(u))) {
        n.push({ ref: i, reason: 'a posture check, not an exposure' });
        continue;
      }
      const a = o.Resources.filter((u) => u.Type === Ae.resourceType).map(hl),
        c = [...new Set(a.filter((u) => u !== void 0))];
      if (c.length === 0) {
        n.push({ ref: i, reason: 'no access key id in its AwsIamAccessKey resources' });
        continue;
      }
      const l = o.Types.some((u) => pl.test(u));
      for (const u of c)
        t.push(
          se(Me, {
            findingId: bt(c.length > 1 ? `${o.Id}#${u}` : o.Id),
            source: 'security-hub',
            keyId: u,
            abuse: l,
            location: (o.Title ?? o.ProductArn).slice(0, 1e3),
            reason: `Security Hub finding (${o.Types[0] ?? 'no type'})`.slice(0, 500),
            secretType: 'aws-access-key',
            detectedAt: o.UpdatedAt ?? e.time,
          }),
        );
    }
    return { findings: t, ignored: n };
  },
};
var yl = [Ra, za, $a, Na, Ca],
  gl = k({ source: f(), 'detail-type': f() });
function Oa(r) {
  const e = gl.safeParse(r),
    t = e.success ? e.data.source : String(r?.source ?? ''),
    n = e.success ? e.data['detail-type'] : '',
    o = yl.find((i) => i.eventSource === t && i.detailTypes.includes(n));
  if (!o) throw new Qr(t, n);
  return o.normalise(r);
}
var nn = {
  staticPkValue: 'IDEMPOTENCY',
  keyPrefix: 'rekey-intake',
  eventKeyJmesPath: '[source, findingId]',
  expiresAfterSeconds: 24 * 3600,
};
function La(r, e) {
  return new Or({
    tableName: e,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: nn.staticPkValue,
    expiryAttr: 'expiresAt',
    awsSdkV3Client: r,
  });
}
var xl = { getRemainingTimeInMillis: () => 3e4 };
function Ma(r) {
  const e = new He({
      eventKeyJmesPath: nn.eventKeyJmesPath,
      throwOnNoIdempotencyKey: !0,
      expiresAfterSeconds: nn.expiresAfterSeconds,
      responseHook: (n) => ({ ...n, duplicate: 'completed' }),
    }),
    t = Tr(
      async (n) => {
        const o = await Ea(n, r);
        return (await r.findingLog?.record(n, o), o);
      },
      { persistenceStore: r.persistence, config: e, keyPrefix: nn.keyPrefix },
    );
  return async (n, o) => {
    e.registerLambdaContext(o ?? xl);
    let i;
    try {
      i = Oa(n);
    } catch (a) {
      if (!(a instanceof De)) throw a;
      return vl(n, a, r);
    }
    for (const a of i.ignored) E.info('finding ignored', { ref: a.ref, reason: a.reason });
    const s = [];
    for (const a of i.findings)
      try {
        s.push(await t(a));
      } catch (c) {
        if (!(c instanceof Fe)) throw c;
        E.info('duplicate finding: first delivery still in progress', { findingKey: gt(a) }),
          s.push({ findingKey: gt(a), ambiguous: !1, outcomes: [], duplicate: 'in-progress' });
      }
    return { status: 'processed', findings: s, ignored: i.ignored };
  };
}
async function vl(r, e, t) {
  const n = r ?? {};
  if (
    (E.error('event is not a finding rekey can take', {
      errorName: e.name,
      eventId: String(n.id ?? ''),
      eventSource: String(n.source ?? ''),
      issues: e.issues.slice(0, 10),
    }),
    !t.sqs || !t.deadLetterQueueUrl)
  )
    throw e;
  return (
    await ka(t.sqs, t.deadLetterQueueUrl, r, e),
    await or(t.sns, t.opsTopicArn, {
      kind: 'invalid-event',
      summary: `an event from ${String(n.source ?? 'an unknown source').slice(0, 64)} is not a finding rekey can take; kept on the intake dead-letter queue`,
      details: {
        error: e.name,
        eventId: String(n.id ?? ''),
        detailType: String(n['detail-type'] ?? ''),
        issues: e.issues.slice(0, 5).join('; '),
      },
    }),
    { status: 'dead-lettered', error: e.name }
  );
}
var _l = sn(Da);
function Da() {
  const r = $o(),
    e = It(Ee.inventoryTable);
  return Ma({
    sm: r.sm,
    sns: r.sns,
    sfn: r.sfn,
    inventory: new cr(r.doc, e),
    providerFor: oi({ secretsManager: r.sm }),
    rotations: _a(r.sm),
    opsTopicArn: It(Ee.opsTopicArn),
    stateMachineArn: It(Ee.revocationStateMachineArn),
    secretPrefix: It(Ee.secretPrefix),
    persistence: La(r.ddb, e),
    findingLog: new tn(r.doc, e),
    sqs: new Ka.SQSClient(tt()),
    deadLetterQueueUrl: process.env[Ee.intakeDeadLetterQueueUrl] || void 0,
  });
}
async function wl(r, e) {
  e && E.addContext(e);
  try {
    const t = await _l()(r, e);
    return (E.info('intake done', { status: t.status, findings: t.status === 'processed' ? t.findings.length : 0 }), t);
  } catch (t) {
    throw (E.error('finding intake failed', { error: t }), t);
  } finally {
    Jo();
  }
}
0 && (module.exports = { fromEnvironment, handler });
/*! Bundled license information:

@aws-lambda-powertools/logger/lib/esm/logBuffer.js:
@aws-lambda-powertools/logger/lib/esm/Logger.js:
  (* v8 ignore next -- @preserve *)

@aws-lambda-powertools/jmespath/lib/esm/utils.js:
@aws-lambda-powertools/jmespath/lib/esm/TreeInterpreter.js:
@aws-lambda-powertools/jmespath/lib/esm/Parser.js:
@aws-lambda-powertools/commons/lib/esm/awsSdkUtils.js:
@aws-lambda-powertools/commons/lib/esm/LRUCache.js:
@aws-lambda-powertools/idempotency/lib/esm/persistence/BasePersistenceLayer.js:
  (* v8 ignore else -- @preserve *)
*/
//# sourceMappingURL=index.js.map
