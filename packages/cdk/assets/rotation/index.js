'use strict';
var Vo = Object.create;
var Xe = Object.defineProperty;
var Fo = Object.getOwnPropertyDescriptor;
var jo = Object.getOwnPropertyNames;
var Bo = Object.getPrototypeOf,
  Wo = Object.prototype.hasOwnProperty;
var Nr = (t, e) => {
    for (var r in e) Xe(t, r, { get: e[r], enumerable: !0 });
  },
  Zr = (t, e, r, n) => {
    if ((e && typeof e == 'object') || typeof e == 'function')
      for (const o of jo(e))
        !Wo.call(t, o) && o !== r && Xe(t, o, { get: () => e[o], enumerable: !(n = Fo(e, o)) || n.enumerable });
    return t;
  };
var Go = (t, e, r) => (
    (r = t != null ? Vo(Bo(t)) : {}),
    Zr(e || !t || !t.__esModule ? Xe(r, 'default', { value: t, enumerable: !0 }) : r, t)
  ),
  Ho = (t) => Zr(Xe({}, '__esModule', { value: !0 }), t);
var ys = {};
Nr(ys, { fromEnvironment: () => Ko, handler: () => gs });
module.exports = Ho(ys);
var Mr = require('@aws-sdk/client-dynamodb'),
  Dr = require('@aws-sdk/client-secrets-manager'),
  Kr = require('@aws-sdk/client-sfn'),
  Ur = require('@aws-sdk/client-sns'),
  Vr = require('@aws-sdk/lib-dynamodb');
var Or = require('node:async_hooks'),
  Yo = new Or.AsyncLocalStorage();
function Pt() {
  return Yo.getStore();
}
function Je() {
  const t = Pt();
  return t ? { credentials: t.credentials } : {};
}
var Fr = Xo(() => {
    const t = Je(),
      e = new Mr.DynamoDBClient(t);
    return {
      sm: new Dr.SecretsManagerClient(t),
      sns: new Ur.SNSClient(t),
      sfn: new Kr.SFNClient(t),
      ddb: e,
      doc: Vr.DynamoDBDocumentClient.from(e, { marshallOptions: { removeUndefinedValues: !0 } }),
    };
  }),
  Lr = 0;
function Xo(t) {
  const e = new Map();
  return () => {
    let r = Pt()?.id ?? '',
      n = e.get(r);
    return (n?.generation !== Lr && ((n = { generation: Lr, value: t() }), e.set(r, n)), n.value);
  };
}
var L = class extends Error {
    constructor(e, r) {
      super(e, r), (this.name = 'RekeyError');
    }
  },
  Se = class extends L {
    constructor(r, n = [], o) {
      super(r, o);
      this.issues = n;
      this.name = 'InvalidEventError';
    }
    issues;
  },
  le = class extends L {
    constructor(e, r) {
      super(e, r), (this.name = 'MalformedSecretError');
    }
  },
  E = class extends L {
    constructor(e, r) {
      super(e, r), (this.name = 'RotationStateError');
    }
  },
  qe = class extends L {
    constructor(e, r) {
      super(e, r), (this.name = 'UnknownSecretError');
    }
  },
  Qe = class extends L {
    constructor(e, r) {
      super(e, r), (this.name = 'ConfigurationError');
    }
  };
var H = {
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
var Zt = 'Secret Exposed',
  Tt = { source: 'rekey.scanner', detailType: Zt },
  Rt = { source: 'rekey.github', detailType: Zt },
  zt = {
    source: 'aws.health',
    detailTypes: ['AWS Health Event', 'AWS Health Abuse Event'],
    eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED',
  },
  Ct = {
    source: 'aws.securityhub',
    detailTypes: ['Security Hub Findings - Imported'],
    resourceType: 'AwsIamAccessKey',
  },
  Nt = { source: 'aws.guardduty', detailTypes: ['GuardDuty Finding'], resourceType: 'AccessKey' },
  Jo = [
    { source: Tt.source, detailTypes: [Tt.detailType] },
    { source: Rt.source, detailTypes: [Rt.detailType] },
    { source: zt.source, detailTypes: zt.detailTypes },
    { source: Ct.source, detailTypes: Ct.detailTypes },
    { source: Nt.source, detailTypes: Nt.detailTypes },
  ];
var de = {
    inventoryTableName: 'InventoryTableName',
    fleetTopicArn: 'FleetTopicArn',
    opsTopicArn: 'OpsTopicArn',
    revocationStateMachineArn: 'RevocationStateMachineArn',
    secretPrefix: 'SecretPrefix',
    operatorPolicyArn: 'OperatorPolicyArn',
  },
  qo = [de.inventoryTableName, de.fleetTopicArn, de.opsTopicArn, de.revocationStateMachineArn, de.secretPrefix];
var b = { generated: 'generated', awsIam: 'aws-iam', openai: 'openai', anthropic: 'anthropic', http: 'http' },
  Ot = [b.generated, b.awsIam, b.openai, b.anthropic, b.http],
  M = {
    generated: { length: 40, prefix: 'rk_' },
    openai: { baseUrl: 'https://api.openai.com' },
    anthropic: { baseUrl: 'https://api.anthropic.com' },
    http: { createPath: '/keys', testPath: '/whoami', revokePath: '/keys/{keyId}' },
  };
function pe(t) {
  const e = process.env[t];
  if (e === void 0 || e === '') throw new Qe(`environment variable ${t} is not set`);
  return e;
}
var et = require('@aws-sdk/client-dynamodb'),
  z = require('@aws-sdk/lib-dynamodb'),
  Lt = { scheduled: 0, emergency: 1, abuse: 2 },
  Mt = { byFingerprint: 'byFingerprint', byKeyId: 'byKeyId', byHint: 'byHint' },
  re = (t) => `SECRET#${t}`,
  fe = (t) => `VERSION#${t}`,
  tt = class {
    constructor(e, r, n = () => new Date()) {
      this.doc = e;
      this.tableName = r;
      this.now = n;
    }
    doc;
    tableName;
    now;
    async recordVersion(e, r, n) {
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
        new z.UpdateCommand({
          TableName: this.tableName,
          Key: { pk: re(e.secretName), sk: fe(e.versionId) },
          UpdateExpression: `SET ${i.map((s, a) => `#f${a} = :f${a}`).join(', ')}, createdAt = if_not_exists(createdAt, :createdAt)`,
          ExpressionAttributeNames: Object.fromEntries(i.map((s, a) => [`#f${a}`, s])),
          ExpressionAttributeValues: {
            ...Object.fromEntries(i.map((s, a) => [`:f${a}`, o[s]])),
            ':createdAt': e.createdAt,
          },
        }),
      ),
        await this.transition(e.secretName, e.versionId, r, n);
    }
    async transition(e, r, n, o, i = {}) {
      const s = this.now().toISOString(),
        a = o ? { status: n, at: s, note: o } : { status: n, at: s },
        l = Object.keys(i);
      try {
        return (
          await this.doc.send(
            new z.UpdateCommand({
              TableName: this.tableName,
              Key: { pk: re(e), sk: fe(r) },
              UpdateExpression: [
                'SET #status = :status, history = list_append(if_not_exists(history, :empty), :change), secretName = :secretName, versionId = :versionId',
                n === 'revoked' ? 'revokedAt = :at' : void 0,
                ...l.map((u, c) => `#x${c} = :x${c}`),
              ]
                .filter(Boolean)
                .join(', '),
              ConditionExpression: `attribute_not_exists(#status) OR (#status <> :status AND #status <> :revoked AND #status <> :abandoned${n === 'revoked' ? '' : ' AND #status <> :deactivated'})`,
              ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(l.map((u, c) => [`#x${c}`, u])) },
              ExpressionAttributeValues: {
                ':status': n,
                ':revoked': 'revoked',
                ':abandoned': 'abandoned',
                ...(n === 'revoked' ? {} : { ':deactivated': 'deactivated' }),
                ':change': [a],
                ':empty': [],
                ':secretName': e,
                ':versionId': r,
                ...(n === 'revoked' ? { ':at': s } : {}),
                ...Object.fromEntries(l.map((u, c) => [`:x${c}`, i[u]])),
              },
            }),
          ),
          !0
        );
      } catch (u) {
        if (u instanceof et.ConditionalCheckFailedException) return !1;
        throw u;
      }
    }
    async annotate(e, r, n) {
      const o = Object.keys(n);
      o.length !== 0 &&
        (await this.doc.send(
          new z.UpdateCommand({
            TableName: this.tableName,
            Key: { pk: re(e), sk: fe(r) },
            UpdateExpression: `SET ${o.map((i, s) => `#a${s} = :a${s}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(o.map((i, s) => [`#a${s}`, i])),
            ExpressionAttributeValues: Object.fromEntries(o.map((i, s) => [`:a${s}`, n[i]])),
          }),
        ));
    }
    async recordExposure(e, r, n) {
      const o = this.now().toISOString(),
        i = `${n.findingKey} ${n.outcome}`.slice(0, 400);
      try {
        await this.doc.send(
          new z.UpdateCommand({
            TableName: this.tableName,
            Key: { pk: re(e), sk: fe(r) },
            UpdateExpression:
              'SET exposedAt = if_not_exists(exposedAt, :at), exposedBy = :by, secretName = :secretName, versionId = :versionId ADD exposures :entry',
            ConditionExpression: 'attribute_not_exists(exposures) OR NOT contains(exposures, :one)',
            ExpressionAttributeValues: {
              ':at': o,
              ':by': n.findingKey,
              ':secretName': e,
              ':versionId': r,
              ':entry': new Set([i]),
              ':one': i,
            },
          }),
        );
      } catch (s) {
        if (!(s instanceof et.ConditionalCheckFailedException)) throw s;
      }
    }
    async raiseMode(e, r, n, o) {
      const i = Object.keys(Lt).filter((s) => Lt[s] < Lt[n]);
      try {
        return (
          await this.doc.send(
            new z.UpdateCommand({
              TableName: this.tableName,
              Key: { pk: re(e), sk: fe(r) },
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
                ':versionId': r,
                ...Object.fromEntries(i.map((s, a) => [`:l${a}`, s])),
              },
            }),
          ),
          n
        );
      } catch (s) {
        if (!(s instanceof et.ConditionalCheckFailedException)) throw s;
        return (await this.getVersion(e, r))?.mode ?? n;
      }
    }
    async getVersion(e, r) {
      return (
        await this.doc.send(
          new z.GetCommand({ TableName: this.tableName, Key: { pk: re(e), sk: fe(r) }, ConsistentRead: !0 }),
        )
      ).Item;
    }
    async listVersions(e) {
      let r = [],
        n;
      do {
        const o = await this.doc.send(
          new z.QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
            ExpressionAttributeValues: { ':pk': re(e), ':sk': 'VERSION#' },
            ExclusiveStartKey: n,
            ConsistentRead: !0,
          }),
        );
        r.push(...(o.Items ?? [])), (n = o.LastEvaluatedKey);
      } while (n);
      return r.sort((o, i) => (o.createdAt ?? '').localeCompare(i.createdAt ?? ''));
    }
    findByFingerprint(e) {
      return this.queryIndex(Mt.byFingerprint, 'fingerprint', e);
    }
    findByKeyId(e) {
      return this.queryIndex(Mt.byKeyId, 'keyId', e);
    }
    findByHint(e) {
      return this.queryIndex(Mt.byHint, 'keyHint', e);
    }
    async queryIndex(e, r, n) {
      return (
        (
          await this.doc.send(
            new z.QueryCommand({
              TableName: this.tableName,
              IndexName: e,
              KeyConditionExpression: '#a = :v',
              ExpressionAttributeNames: { '#a': r },
              ExpressionAttributeValues: { ':v': n },
            }),
          )
        ).Items ?? []
      );
    }
  };
var Dt = { PRETTY: 4, COMPACT: 0 };
var y = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 },
  jr = ['level', 'message', 'sampling_rate', 'service', 'timestamp'],
  Br = 'Uncaught error detected, flushing log buffer before exit';
var Y = {
    REQUEST_ID: Symbol.for('_AWS_LAMBDA_REQUEST_ID'),
    X_RAY_TRACE_ID: Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID'),
    TENANT_ID: Symbol.for('_AWS_LAMBDA_TENANT_ID'),
    TRACEPARENT: Symbol.for('_AWS_LAMBDA_TRACEPARENT'),
    TRACESTATE: Symbol.for('_AWS_LAMBDA_TRACESTATE'),
    BAGGAGE: Symbol.for('_AWS_LAMBDA_BAGGAGE'),
  },
  Kt = ['true', '1'].includes(process.env?.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? '');
Kt || (globalThis.awslambda = globalThis.awslambda || {});
var rt = class {
    static PROTECTED_KEYS = Y;
    isProtectedKey(e) {
      return Object.values(Y).includes(e);
    }
    getRequestId() {
      return this.get(Y.REQUEST_ID) ?? '-';
    }
    getXRayTraceId() {
      return this.get(Y.X_RAY_TRACE_ID);
    }
    getTenantId() {
      return this.get(Y.TENANT_ID);
    }
    getTraceparent() {
      return this.get(Y.TRACEPARENT);
    }
    getTracestate() {
      return this.get(Y.TRACESTATE);
    }
    getBaggage() {
      return this.get(Y.BAGGAGE);
    }
  },
  Ut = class extends rt {
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
    set(e, r) {
      if (this.isProtectedKey(e)) throw new Error(`Cannot modify protected Lambda context field: ${String(e)}`);
      (this.currentContext = this.currentContext || {}), (this.currentContext[e] = r);
    }
    run(e, r) {
      return ((this.currentContext = e), r());
    }
  },
  Vt = class t extends rt {
    als;
    static async create() {
      const e = new t(),
        r = await import('node:async_hooks');
      return ((e.als = new r.AsyncLocalStorage()), e);
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
    set(e, r) {
      if (this.isProtectedKey(e)) throw new Error(`Cannot modify protected Lambda context field: ${String(e)}`);
      const n = this.als.getStore();
      if (!n) throw new Error('No context available');
      n[e] = r;
    }
    run(e, r) {
      return this.als.run(e, r);
    }
  },
  Wr;
((t) => {
  let e = null;
  async function r(n) {
    return (
      e ||
        (e = (async () => {
          const i = n === !0 || 'AWS_LAMBDA_MAX_CONCURRENCY' in process.env ? await Vt.create() : new Ut();
          return !Kt && globalThis.awslambda?.InvokeStore
            ? globalThis.awslambda.InvokeStore
            : (!Kt && globalThis.awslambda && (globalThis.awslambda.InvokeStore = i), i);
        })()),
      e
    );
  }
  (t.getInstanceAsync = r),
    (t._testing =
      process.env.AWS_LAMBDA_BENCHMARK_MODE === '1'
        ? {
            reset: () => {
              (e = null),
                globalThis.awslambda?.InvokeStore && delete globalThis.awslambda.InvokeStore,
                (globalThis.awslambda = { InvokeStore: void 0 });
            },
          }
        : void 0);
})(Wr || (Wr = {}));
var Ft = 'AWS_LAMBDA_INITIALIZATION_TYPE',
  Gr = 'AWS_LAMBDA_MAX_CONCURRENCY',
  Hr = 'POWERTOOLS_DEV';
var Yr = '_X_AMZN_TRACE_ID';
var I = ({ key: t, defaultValue: e, errorMessage: r }) => {
    const n = process.env[t];
    if (n === void 0) {
      if (e !== void 0) return e;
      throw r ? new Error(r) : new Error(`Environment variable ${t} is required`);
    }
    return n.trim();
  },
  Xr = ({ key: t, defaultValue: e, errorMessage: r }) => {
    const n = I({ key: t, defaultValue: String(e), errorMessage: r }),
      o = Number(n);
    if (Number.isNaN(o)) throw new TypeError(`Environment variable ${t} must be a number`);
    return o;
  },
  ei = new Set(['1', 'y', 'yes', 't', 'true', 'on']),
  ti = new Set(['0', 'n', 'no', 'f', 'false', 'off']),
  jt = ({ key: t, defaultValue: e, errorMessage: r, extendedParsing: n }) => {
    const i = I({ key: t, defaultValue: String(e), errorMessage: r }).toLowerCase();
    if (n) {
      if (ei.has(i)) return !0;
      if (ti.has(i)) return !1;
    }
    if (i !== 'true' && i !== 'false') throw new Error(`Environment variable ${t} must be a boolean`);
    return i === 'true';
  },
  Ae = () => {
    try {
      return jt({ key: Hr, extendedParsing: !0 });
    } catch {
      return !1;
    }
  };
var ri = () => {
  const t = globalThis.awslambda?.InvokeStore?.getXRayTraceId() ?? I({ key: Yr, defaultValue: '' });
  if (t === '') return;
  if (!t.includes('=')) return { Root: t };
  const e = {};
  for (const r of t.split(';')) {
    const [n, o] = r.split('=');
    e[n] = o;
  }
  return e;
};
var Jr = () => I({ key: Gr, defaultValue: '' }) !== '',
  Ee = () => ri()?.Root;
var $e = class {
  #e = !1;
  formatError(e) {
    const { name: r, message: n, stack: o, cause: i, ...s } = e,
      a = {
        name: r,
        location: this.getCodeLocation(e.stack),
        message: n,
        stack:
          Ae() && typeof o == 'string'
            ? o?.split(`
`)
            : o,
        cause: i instanceof Error ? this.formatError(i) : i,
      };
    for (const l in e) typeof l == 'string' && !['name', 'message', 'stack', 'cause'].includes(l) && (a[l] = s[l]);
    return a;
  }
  formatTimestamp(e) {
    const n = I({ key: 'TZ', defaultValue: '' });
    return n && !n.includes('UTC') ? this.#r(e, n) : e.toISOString();
  }
  getCodeLocation(e) {
    if (!e) return '';
    const r = e.split(`
`),
      n = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/;
    for (const o of r) {
      const i = n.exec(o);
      if (Array.isArray(i)) return `${i[1]}:${Number(i[2])}`;
    }
    return '';
  }
  #t = (e) => {
    try {
      return (new Intl.DateTimeFormat('en', { timeZone: e }), e);
    } catch {
      return (
        this.#e || ((this.#e = !0), console.warn(`Invalid or unresolvable time zone: "${e}" - falling back to UTC.`)),
        'UTC'
      );
    }
  };
  #i = (e) => {
    const r = '2-digit';
    return new Intl.DateTimeFormat('en', {
      hourCycle: 'h23',
      year: 'numeric',
      month: r,
      day: r,
      hour: r,
      minute: r,
      second: r,
      timeZone: e,
    });
  };
  #r(e, r) {
    const n = this.#t(r),
      {
        year: o,
        month: i,
        day: s,
        hour: a,
        minute: l,
        second: u,
      } = this.#i(n)
        .formatToParts(e)
        .reduce((P, O) => ((P[O.type] = O.value), P), {}),
      c = `${o}-${i}-${s}T${a}:${l}:${u}`,
      d = n === r ? -e.getTimezoneOffset() : 0,
      p = d >= 0 ? '+' : '-',
      f = Math.abs(Math.floor(d / 60))
        .toString()
        .padStart(2, '0'),
      m = Math.abs(d % 60)
        .toString()
        .padStart(2, '0'),
      _ = e.getMilliseconds().toString().padStart(3, '0'),
      k = `${p}${f}:${m}`;
    return `${c}.${_}${k}`;
  }
};
var nt = '2.36.0';
var ma = process.env.AWS_EXECUTION_ENV || 'NA';
var ni = new Set(['__proto__', 'constructor']),
  ke = (t) => {
    if (typeof t != 'object' || t === null) return !1;
    const e = Object.getPrototypeOf(t);
    return e === Object.prototype || e === null;
  },
  oi = (t, e) => {
    if (ke(t)) {
      const r = {};
      return (e.push(t), Ie(r, t, e), e.pop(), { skip: !1, value: r });
    }
    if (Array.isArray(t)) {
      if (e.includes(t)) return { skip: !0 };
      const r = [];
      return (e.push(t), ot(r, t, e), e.pop(), { skip: !1, value: r });
    }
    return { skip: !1, value: t };
  },
  ii = (t, e, r, n) => {
    const o = t[e],
      i = ke(r);
    if (!(i && n.includes(r))) {
      if (i && ke(o)) {
        n.push(r), Ie(o, r, n), n.pop();
        return;
      }
      if (Array.isArray(r) && Array.isArray(o)) {
        n.includes(r) || (n.push(r), ot(o, r, n), n.pop());
        return;
      }
      if (r !== void 0 || o === void 0) {
        const s = oi(r, n);
        s.skip || (t[e] = s.value);
      }
    }
  },
  ot = (t, e, r) => {
    for (let n = 0; n < e.length; n++) ii(t, n, e[n], r);
  },
  si = (t, e, r, n, o) => {
    if (!Array.isArray(n)) {
      const i = [];
      ot(i, r, o), (t[e] = i);
      return;
    }
    ot(n, r, o);
  },
  ai = (t, e, r, n, o) => {
    if (ke(n)) {
      Ie(n, r, o);
      return;
    }
    const i = {};
    Ie(i, r, o), (t[e] = i);
  },
  Ie = (t, e, r) => {
    for (const n of Object.keys(e)) {
      if (ni.has(n)) continue;
      const o = e[n],
        i = t[n];
      if (Array.isArray(o)) {
        if (r.includes(o)) continue;
        r.push(o), si(t, n, o, i, r), r.pop();
        continue;
      }
      if (ke(o)) {
        if (r.includes(o)) continue;
        r.push(o), ai(t, n, o, i, r), r.pop();
        continue;
      }
      (o !== void 0 || i === void 0) && (t[n] = o);
    }
  },
  D = (t, ...e) => {
    const r = [t];
    for (const n of e) n != null && (r.push(n), Ie(t, n, r), r.pop());
    return t;
  };
var it = 'powertools-for-aws',
  qr = `${it}.tracer`,
  Qr = `${it}.metrics`,
  en = `${it}.logger`,
  tn = `${it}.idempotency`;
var Bt = (t) => typeof t == 'string';
var rn = (t) => Object.is(t, null),
  Wt = (t) => rn(t) || Object.is(t, void 0);
var Pe = class {
  #e;
  coldStart = !0;
  defaultServiceName = 'service_undefined';
  constructor() {
    (this.#e = this.getInitializationType()), this.#e !== 'on-demand' && (this.coldStart = !1);
  }
  getInitializationType() {
    const e = process.env[Ft]?.trim();
    return e === 'on-demand' ? 'on-demand' : e === 'provisioned-concurrency' ? 'provisioned-concurrency' : 'unknown';
  }
  getColdStart() {
    return this.#e !== 'on-demand' ? !1 : this.coldStart ? ((this.coldStart = !1), !0) : !1;
  }
  isValidServiceName(e) {
    return typeof e == 'string' && e.trim().length > 0;
  }
};
var ci = process.env.AWS_EXECUTION_ENV || 'NA';
if (!process.env.AWS_SDK_UA_APP_ID?.includes('/PTEnv/')) {
  const t = `PT/NO-OP/${nt}/PTEnv/${ci}`;
  process.env.AWS_SDK_UA_APP_ID = process.env.AWS_SDK_UA_APP_ID ? `${process.env.AWS_SDK_UA_APP_ID}/${t}` : t;
}
var me = class {
  attributes = {};
  constructor(e) {
    this.setAttributes(e.attributes);
  }
  addAttributes(e) {
    return (D(this.attributes, e), this);
  }
  getAttributes() {
    return this.attributes;
  }
  prepareForPrint() {
    this.attributes = this.removeEmptyKeys(this.getAttributes());
  }
  removeEmptyKeys(e) {
    const r = {};
    for (const n in e) e[n] !== void 0 && e[n] !== '' && e[n] !== null && (r[n] = e[n]);
    return r;
  }
  setAttributes(e) {
    this.attributes = e;
  }
};
var nn = require('node:console'),
  on = require('node:crypto');
var st = class extends $e {
  #e;
  constructor(e) {
    super(), (this.#e = e?.logRecordOrder);
  }
  formatAttributes(e, r) {
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
    if (this.#e === void 0) return new me({ attributes: n }).addAttributes(r);
    const o = {};
    for (const s of this.#e) s in n && !(s in o) ? (o[s] = n[s]) : s in r && !(s in o) && (o[s] = r[s]);
    for (const s in n) s in o || (o[s] = n[s]);
    for (const s in r) s in o || (o[s] = r[s]);
    return new me({ attributes: o });
  }
};
var K = class {
  #e;
  #t;
  #i;
  #r;
  constructor(e, r) {
    if (((this.#e = Symbol(e)), 'fresh' in r)) (this.#t = r.fresh), (this.#i = !0);
    else {
      const { initial: n } = r;
      (this.#t = () => n), (this.#i = !1);
    }
  }
  get isScoped() {
    return this.#s() !== void 0;
  }
  get() {
    const e = this.#s();
    if (e === void 0) return this.getShared();
    const r = e.get(this.#e);
    if (r !== void 0) return r[0];
    if (!this.#i) return this.getShared();
    const n = this.#t();
    return (e.set(this.#e, [n]), n);
  }
  set(e) {
    const r = this.#s();
    if (r === void 0) {
      this.setShared(e);
      return;
    }
    r.set(this.#e, [e]);
  }
  reset() {
    const e = this.#s();
    if (e === void 0) {
      this.#r = void 0;
      return;
    }
    e.set(this.#e, void 0);
  }
  getShared() {
    return ((this.#r ??= [this.#t()]), this.#r[0]);
  }
  setShared(e) {
    this.#r = [e];
  }
  #s() {
    if (!Jr()) return;
    const e = globalThis.awslambda?.InvokeStore;
    if (e === void 0) throw new Error('InvokeStore is not available');
    return e.hasContext() ? e : void 0;
  }
};
var at = class {
  #e = new K('powertools.logger.temporaryAttributes', { fresh: () => ({}) });
  #t = new K('powertools.logger.keys', { fresh: () => new Map() });
  #i = new K('powertools.logger.lambdaContext', { initial: void 0 });
  #r = {};
  #s() {
    return this.#e.get();
  }
  #a() {
    return this.#t.get();
  }
  appendTemporaryKeys(e) {
    const r = this.#s();
    D(r, e);
    const n = this.#a();
    for (const o of Object.keys(e)) n.set(o, 'temp');
  }
  removeTemporaryKeys(e) {
    const r = this.#s(),
      n = this.#a();
    for (const o of e) (r[o] = void 0), this.#r[o] ? n.set(o, 'persistent') : n.delete(o);
  }
  getTemporaryAttributes() {
    return { ...this.#s() };
  }
  clearTemporaryAttributes() {
    const e = this.#s(),
      r = this.#a();
    for (const n of Object.keys(e)) this.#r[n] ? r.set(n, 'persistent') : r.delete(n);
    this.#e.reset();
  }
  setLambdaContext(e) {
    this.#i.set(e);
  }
  getLambdaContext() {
    return this.#i.get();
  }
  setPersistentAttributes(e) {
    const r = this.#a();
    this.#r = { ...e };
    for (const n of Object.keys(e)) r.set(n, 'persistent');
  }
  getPersistentAttributes() {
    return { ...this.#r };
  }
  getAllAttributes() {
    const e = {},
      r = this.#s(),
      n = this.#a();
    for (const [o, i] of Object.entries(this.#r)) i !== void 0 && (e[o] = i);
    for (const [o, i] of n.entries()) i === 'temp' && r[o] !== void 0 && (e[o] = r[o]);
    return e;
  }
  removePersistentKeys(e) {
    const r = this.#a(),
      n = this.#s();
    for (const o of e) (this.#r[o] = void 0), n[o] ? r.set(o, 'temp') : r.delete(o);
  }
};
var Gt = class {
    value;
    logLevel;
    byteSize;
    constructor(e, r) {
      if (!Bt(e)) throw new Error('Value should be a string');
      (this.value = e), (this.logLevel = r), (this.byteSize = Buffer.byteLength(e));
    }
  },
  Ht = class extends Set {
    currentBytesSize = 0;
    hasEvictedLog = !1;
    add(e) {
      return ((this.currentBytesSize += e.byteSize), super.add(e), this);
    }
    delete(e) {
      const r = super.delete(e);
      return (r && (this.currentBytesSize -= e.byteSize), r);
    }
    clear() {
      super.clear(), (this.currentBytesSize = 0);
    }
    shift() {
      const e = this.values().next().value;
      return (e && this.delete(e), e);
    }
  },
  Te = class extends Map {
    #e;
    #t;
    constructor({ maxBytesSize: e, onBufferOverflow: r }) {
      super(), (this.#e = e), (this.#t = r);
    }
    setItem(e, r, n) {
      const o = new Gt(r, n);
      if (o.byteSize > this.#e) throw new Error('Item too big');
      const i = this.get(e) || new Ht();
      return (
        i.currentBytesSize !== 0 && i.currentBytesSize + o.byteSize >= this.#e && (this.#i(i, o), this.#t && this.#t()),
        i.add(o),
        super.set(e, i),
        this
      );
    }
    #i(e, r) {
      for (; e.size !== 0 && e.currentBytesSize + r.byteSize >= this.#e; ) e.shift(), (e.hasEvictedLog = !0);
    }
  };
var ct = class {
  #e;
  #t = new K('powertools.logger.buffer', { fresh: () => new Te({ maxBytesSize: this.#i }) });
  #i;
  constructor(e) {
    this.#e = new K('powertools.logger.logLevel', { initial: e });
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
    (this.#i = e), this.#t.setShared(new Te({ maxBytesSize: e }));
  }
  #r() {
    return this.#t.get();
  }
  add(e, r, n) {
    const o = this.#r();
    !this.#t.isScoped && o.has(e) === !1 && o.clear(), o.setItem(e, r, n);
  }
  get(e) {
    return this.#r().get(e);
  }
  delete(e) {
    this.#r().delete(e);
  }
};
var Re = class t extends Pe {
  console;
  customConfigService;
  logEvent = !1;
  logFormatter;
  logIndentation = Dt.COMPACT;
  #e;
  powertoolsLogData = { sampleRateValue: 0 };
  #t = new at();
  #i = [];
  #r = !1;
  #s = y.INFO;
  #a;
  #o = { enabled: !1, flushOnErrorLog: !0, maxBytes: 20480, bufferAtVerbosity: y.DEBUG };
  #n = new ct(y.INFO);
  #u;
  #c = { sampleRateValue: 0, refreshedTimes: 0 };
  #p = new Map();
  get level() {
    return this.#n.getLogLevel();
  }
  constructor(e = {}) {
    super();
    const { customConfigService: r, ...n } = e;
    (this.customConfigService = r), this.setOptions(n), (this.#r = !0);
    for (const [o, i] of this.#i) this.printLog(o, this.createAndPopulateLogItem(...i));
    this.#i = [];
  }
  addContext(e) {
    this.#t.setLambdaContext({
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
    this.#m(e, 'temp');
  }
  appendPersistentKeys(e) {
    this.#m(e, 'persistent');
  }
  createChild(e = {}) {
    const r = 'persistentLogAttributes' in e && !('persistentKeys' in e) ? 'persistentLogAttributes' : 'persistentKeys',
      n = this.createLogger(
        D(
          {},
          {
            logLevel: this.getLevelName(),
            serviceName: this.powertoolsLogData.serviceName,
            sampleRateValue: this.#c.sampleRateValue,
            logFormatter: this.getLogFormatter(),
            customConfigService: this.getCustomConfigService(),
            environment: this.powertoolsLogData.environment,
            [r]: this.#t.getPersistentAttributes(),
            jsonReplacerFn: this.#a,
            correlationIdSearchFn: this.#u,
            ...(this.#o.enabled && {
              logBufferOptions: {
                maxBytes: this.#o.maxBytes,
                bufferAtVerbosity: this.getLogLevelNameFromNumber(this.#o.bufferAtVerbosity),
                flushOnErrorLog: this.#o.flushOnErrorLog,
              },
            }),
          },
          e,
        ),
      ),
      o = this.#t.getLambdaContext();
    o && n.addContext(o);
    const i = this.#t.getTemporaryAttributes();
    return (Object.keys(i).length > 0 && n.appendKeys(i), n);
  }
  critical(e, ...r) {
    this.processLogItem(y.CRITICAL, e, r);
  }
  debug(e, ...r) {
    this.processLogItem(y.DEBUG, e, r);
  }
  error(e, ...r) {
    this.processLogItem(y.ERROR, e, r);
  }
  getLevelName() {
    return this.getLogLevelNameFromNumber(this.#n.getLogLevel());
  }
  getLogEvent() {
    return this.logEvent;
  }
  getPersistentLogAttributes() {
    return this.#t.getPersistentAttributes();
  }
  info(e, ...r) {
    this.processLogItem(y.INFO, e, r);
  }
  injectLambdaContext(e) {
    return (r, n, o) => {
      const i = o.value,
        s = this;
      o.value = async function (...a) {
        s.refreshSampleRateCalculation(),
          s.addContext(a[1]),
          s.logEventIfEnabled(a[0], e?.logEvent),
          e?.correlationIdPath && s.setCorrelationId(a[0], e?.correlationIdPath);
        try {
          return await i.apply(this, a);
        } catch (l) {
          throw (e?.flushBufferOnUncaughtError && (s.flushBuffer(), s.error({ message: Br, error: l })), l);
        } finally {
          (e?.clearState || e?.resetKeys) && s.resetKeys(), s.clearBuffer();
        }
      };
    };
  }
  static injectLambdaContextAfterOrOnError(e, r, n) {
    n && (n.clearState || n?.resetKeys) && e.resetKeys();
  }
  static injectLambdaContextBefore(e, r, n, o) {
    e.addContext(n), e.logEventIfEnabled(r, o?.logEvent);
  }
  logEventIfEnabled(e, r) {
    this.shouldLogEvent(r) && this.info('Lambda invocation event', { event: e });
  }
  refreshSampleRateCalculation() {
    if (this.#c.refreshedTimes === 0) {
      this.#c.refreshedTimes++;
      return;
    }
    this.#h() && this.#n.getLogLevel() > y.TRACE
      ? (this.setLogLevel('DEBUG'), this.debug('Setting log level to DEBUG due to sampling rate'))
      : this.setLogLevel(this.getLogLevelNameFromNumber(this.#s));
  }
  removeKeys(e) {
    this.#t.removeTemporaryKeys(e);
  }
  removePersistentKeys(e) {
    this.#t.removePersistentKeys(e);
  }
  removePersistentLogAttributes(e) {
    this.removePersistentKeys(e);
  }
  resetKeys() {
    this.#t.clearTemporaryAttributes();
  }
  setLogLevel(e) {
    if (!this.awsLogLevelShortCircuit(e))
      if (this.isValidLogLevel(e)) this.#n.setLogLevel(y[e]);
      else throw new Error(`Invalid log level: ${e}`);
  }
  setPersistentLogAttributes(e) {
    const r = this.#f(e);
    this.#t.setPersistentAttributes(r);
  }
  get persistentLogAttributes() {
    return this.#t.getPersistentAttributes();
  }
  shouldLogEvent(e) {
    return typeof e == 'boolean' ? e : this.getLogEvent();
  }
  trace(e, ...r) {
    this.processLogItem(y.TRACE, e, r);
  }
  warn(e, ...r) {
    this.processLogItem(y.WARN, e, r);
  }
  #l(e) {
    this.#p.has(e) || (this.#p.set(e, !0), this.warn(e));
  }
  createLogger(e) {
    return new t(e);
  }
  getJsonReplacer() {
    const e = [],
      r = this.#a,
      n = this.getLogFormatter();
    return function (o, i) {
      let s = i;
      if ((r && (s = r(o, s)), s instanceof Error && (s = n.formatError(s)), typeof s == 'bigint')) return s.toString();
      if (typeof s == 'object' && s !== null) {
        for (; e.length > 0 && e.at(-1) !== this; ) e.pop();
        if (e.includes(s)) return;
        e.push(s);
      }
      return s;
    };
  }
  addToPowertoolsLogData(e) {
    D(this.powertoolsLogData, e);
  }
  #f(e) {
    const r = {};
    for (const [n, o] of Object.entries(e)) this.#d(n) || (r[n] = o);
    return r;
  }
  #m(e, r) {
    const n = this.#f(e);
    if (r === 'temp') this.#t.appendTemporaryKeys(n);
    else {
      const o = this.#t.getPersistentAttributes();
      this.#t.setPersistentAttributes(D(o, n));
    }
  }
  awsLogLevelShortCircuit(e) {
    return this.#e !== void 0
      ? (this.#n.setBaseLogLevel(y[this.#e]),
        this.isValidLogLevel(e) &&
          this.#n.getBaseLogLevel() > y[e] &&
          this.#l(
            `Current log level (${e}) does not match AWS Lambda Advanced Logging Controls minimum log level (${this.#e}). This can lead to data loss, consider adjusting them.`,
          ),
        !0)
      : !1;
  }
  createAndPopulateLogItem(e, r, n) {
    const o = {
        logLevel: this.getLogLevelNameFromNumber(e),
        timestamp: new Date(),
        xRayTraceId: Ee(),
        ...this.#_(),
        message: '',
      },
      i = this.#t.getAllAttributes();
    return (this.#g(r, o, i), this.#y(n, i), this.getLogFormatter().formatAttributes(o, i));
  }
  #g(e, r, n) {
    if (typeof e == 'string') {
      r.message = e;
      return;
    }
    const { message: o, ...i } = e;
    r.message = o;
    for (const [s, a] of Object.entries(i)) this.#d(s) || (n[s] = a);
  }
  #y(e, r) {
    for (const n of e)
      Wt(n) || (n instanceof Error ? (r.error = n) : typeof n == 'string' ? (r.extra = n) : this.#v(n, r));
  }
  #v(e, r) {
    for (const [n, o] of Object.entries(e)) this.#d(n) || (r[n] = o);
  }
  #h() {
    return this.#c.sampleRateValue && (0, on.randomInt)(0, 100) / 100 <= this.#c.sampleRateValue;
  }
  #d(e) {
    return jr.includes(e) ? (this.warn(`The key "${e}" is a reserved key and will be dropped.`), !0) : !1;
  }
  getCustomConfigService() {
    return this.customConfigService;
  }
  getLogFormatter() {
    return this.logFormatter;
  }
  getLogLevelNameFromNumber(e) {
    let r;
    for (const [n, o] of Object.entries(y))
      if (o === e) {
        r = n;
        break;
      }
    return r;
  }
  #_() {
    const e = this.#t.getLambdaContext();
    return e === void 0 ? this.powertoolsLogData : { ...this.powertoolsLogData, lambdaContext: e };
  }
  isValidLogLevel(e) {
    return typeof e == 'string' && e in y;
  }
  isValidSampleRate(e) {
    return typeof e == 'number' && 0 <= e && e <= 1;
  }
  printLog(e, r) {
    r.prepareForPrint();
    const n = e === y.CRITICAL ? 'error' : this.getLogLevelNameFromNumber(e).toLowerCase();
    this.console[n](JSON.stringify(r.getAttributes(), this.getJsonReplacer(), this.logIndentation));
  }
  processLogItem(e, r, n) {
    this.#o.enabled && this.#o.flushOnErrorLog && e >= y.ERROR && e < y.SILENT && this.flushBuffer();
    const o = Ee();
    if (o !== void 0 && this.shouldBufferLog(o, e)) {
      try {
        this.bufferLogItem(o, this.createAndPopulateLogItem(e, r, n), e);
      } catch (i) {
        this.printLog(y.WARN, this.createAndPopulateLogItem(y.WARN, `Unable to buffer log: ${i.message}`, [i])),
          this.printLog(e, this.createAndPopulateLogItem(e, r, n));
      }
      return;
    }
    e >= this.#n.getLogLevel() &&
      (this.#r ? this.printLog(e, this.createAndPopulateLogItem(e, r, n)) : this.#i.push([e, [e, r, n]]));
  }
  setConsole() {
    Ae()
      ? (this.console = console)
      : (this.console = new nn.Console({ stdout: process.stdout, stderr: process.stderr })),
      (this.console.trace = (e, ...r) => {
        this.console.log(e, ...r);
      });
  }
  setInitialLogLevel(e) {
    const r = e?.toUpperCase();
    if (this.awsLogLevelShortCircuit(r)) {
      this.#s = this.#n.getBaseLogLevel();
      return;
    }
    if (this.isValidLogLevel(r)) {
      this.#n.setBaseLogLevel(y[r]), (this.#s = this.#n.getBaseLogLevel());
      return;
    }
    const n = this.getCustomConfigService()?.getLogLevel()?.toUpperCase();
    if (this.isValidLogLevel(n)) {
      this.#n.setBaseLogLevel(y[n]), (this.#s = this.#n.getBaseLogLevel());
      return;
    }
    const o = I({ key: 'POWERTOOLS_LOG_LEVEL', defaultValue: '' }),
      i = I({ key: 'LOG_LEVEL', defaultValue: '' }),
      s = o || i;
    this.isValidLogLevel(s) && (this.#n.setBaseLogLevel(y[s]), (this.#s = this.#n.getBaseLogLevel()));
  }
  setInitialSampleRate(e) {
    const r = e,
      n = this.getCustomConfigService()?.getSampleRateValue(),
      o = Xr({ key: 'POWERTOOLS_LOGGER_SAMPLE_RATE', defaultValue: 0 });
    for (const i of [r, n, o])
      if (this.isValidSampleRate(i)) {
        (this.#c.sampleRateValue = i),
          (this.powertoolsLogData.sampleRateValue = i),
          this.#h() &&
            this.#n.getBaseLogLevel() > y.TRACE &&
            (this.setLogLevel('DEBUG'), this.debug('Setting log level to DEBUG due to sampling rate'));
        break;
      }
  }
  setLogEvent() {
    this.logEvent = jt({ key: 'POWERTOOLS_LOGGER_LOG_EVENT', defaultValue: !1 });
  }
  setLogFormatter(e, r) {
    this.logFormatter = e ?? new st({ logRecordOrder: r });
  }
  setLogIndentation() {
    Ae() && (this.logIndentation = Dt.PRETTY);
  }
  setOptions(e) {
    const {
      logLevel: r,
      serviceName: n,
      sampleRateValue: o,
      logFormatter: i,
      persistentKeys: s,
      persistentLogAttributes: a,
      environment: l,
      jsonReplacerFn: u,
      logRecordOrder: c,
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
      this.setPowertoolsLogData(n, l, s || a);
    const f = I({ key: 'AWS_LAMBDA_LOG_LEVEL', defaultValue: '' }),
      m = f === 'FATAL' ? 'CRITICAL' : f;
    return (
      this.isValidLogLevel(m) && (this.#e = m),
      this.setLogEvent(),
      this.setInitialLogLevel(r),
      this.setInitialSampleRate(o),
      this.setLogFormatter(i, c),
      this.setConsole(),
      this.setLogIndentation(),
      (this.#a = u),
      this.#x(d),
      (this.#u = p),
      this
    );
  }
  setPowertoolsLogData(e, r, n) {
    this.addToPowertoolsLogData({
      awsRegion: I({ key: 'AWS_REGION', defaultValue: '' }),
      environment:
        r || this.getCustomConfigService()?.getCurrentEnvironment() || I({ key: 'ENVIRONMENT', defaultValue: '' }),
      serviceName:
        e ||
        this.getCustomConfigService()?.getServiceName() ||
        I({ key: 'POWERTOOLS_SERVICE_NAME', defaultValue: '' }) ||
        this.defaultServiceName,
    }),
      n && this.appendPersistentKeys(n);
  }
  #x(e) {
    if (e === void 0 || ((this.#o.enabled = e?.enabled !== !1), this.#o.enabled === !1)) return;
    e?.maxBytes !== void 0 && (this.#o.maxBytes = e.maxBytes),
      this.#n.configureBuffer(this.#o.maxBytes),
      e?.flushOnErrorLog === !1 && (this.#o.flushOnErrorLog = !1);
    const r = e?.bufferAtVerbosity?.toUpperCase();
    this.isValidLogLevel(r) && (this.#o.bufferAtVerbosity = y[r]),
      this.#e !== void 0 &&
        y[this.#e] > this.#o.bufferAtVerbosity &&
        this.#l(
          'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Buffered logs will be filtered by ALC',
        );
  }
  bufferLogItem(e, r, n) {
    r.prepareForPrint(),
      this.#n.add(e, JSON.stringify(r.getAttributes(), this.getJsonReplacer(), this.logIndentation), n);
  }
  flushBuffer() {
    if (this.#o.enabled === !1) return;
    const e = Ee();
    if (e === void 0) return;
    const r = this.#n.get(e);
    if (r !== void 0) {
      for (const n of r) {
        const o = this.getLogLevelNameFromNumber(n.logLevel).toLowerCase();
        this.console[o](n.value);
      }
      r.hasEvictedLog &&
        this.printLog(
          y.WARN,
          this.createAndPopulateLogItem(
            y.WARN,
            'Some logs are not displayed because they were evicted from the buffer. Increase buffer size to store more logs in the buffer',
            [],
          ),
        ),
        this.#e !== void 0 &&
          y[this.#e] > this.#o.bufferAtVerbosity &&
          this.#l(
            'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Some logs might be missing.',
          ),
        this.#n.delete(e);
    }
  }
  clearBuffer() {
    if (this.#o.enabled === !1) return;
    const e = Ee();
    e !== void 0 && this.#n.delete(e);
  }
  shouldBufferLog(e, r) {
    return this.#o.enabled && e !== void 0 && r <= this.#o.bufferAtVerbosity;
  }
  setCorrelationId(e, r) {
    if (typeof r == 'string') {
      if (!this.#u) {
        this.#l(
          'correlationIdPath is set but no search function was provided. The correlation ID will not be added to the log attributes.',
        );
        return;
      }
      const n = this.#u(r, e);
      n && this.appendKeys({ correlation_id: n });
      return;
    }
    this.appendKeys({ correlation_id: e });
  }
  getCorrelationId() {
    return this.#t.getTemporaryAttributes().correlation_id;
  }
};
var sn = Symbol.for('rekey.client.heldSecrets');
function ui() {
  let t = globalThis,
    e = t[sn];
  return (e === void 0 && ((e = { counts: new Map(), version: 0 }), (t[sn] = e)), e);
}
function an() {
  const t = ui();
  return (
    ut.version !== t.version &&
      ((ut.values = [...t.counts.keys()].sort((e, r) => r.length - e.length)), (ut.version = t.version)),
    ut.values
  );
}
var ut = { version: -1, values: [] };
var Yt = '[REDACTED]',
  cn = '(?!\\[REDACTED\\])',
  un = '(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])',
  ze = '(?:AKIA|ASIA)[A-Z0-9]{16}',
  li =
    '(?:api[_-]?key|x-api-key|client[_-]?secret|secret[_-]?(?:access[_-]?)?key|(?:access|auth|refresh)[_-]?token|password)',
  ln = [
    { kind: 'anthropic', re: /(?<![A-Za-z0-9_-])sk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{20,}/g },
    { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/g },
    { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g },
    { kind: 'aws-secret-key', re: new RegExp(`(?<=${ze}[\\s\\S]{1,100}?)${un}`, 'g'), requires: new RegExp(ze) },
    { kind: 'aws-secret-key', re: new RegExp(`${un}(?=[\\s\\S]{1,100}?${ze})`, 'g'), requires: new RegExp(ze) },
    { kind: 'aws-access-key', re: new RegExp(`(?<![A-Z0-9])${ze}(?![A-Z0-9])`, 'g') },
    { kind: 'rekey-generated', re: /(?<![A-Za-z0-9_])rk_[A-Za-z0-9]{40}(?![A-Za-z0-9])/g },
    { kind: 'bearer', re: new RegExp(`(?<=\\bBearer\\s+)${cn}[A-Za-z0-9._~+/=-]{16,}`, 'gi') },
    {
      kind: 'api-key-field',
      re: new RegExp(`(?<=(?<![A-Za-z0-9])${li}["']?\\s*[:=]\\s*["']?)${cn}[^\\s"'&,;}\\]]{8,}`, 'gi'),
    },
  ];
function dn(t, e = {}) {
  let r = t;
  for (const n of pi(e.known)) r.includes(n) && (r = r.split(n).join(Yt));
  for (const { re: n, requires: o } of ln) (o !== void 0 && !o.test(r)) || ((n.lastIndex = 0), (r = r.replace(n, Yt)));
  return r;
}
function pi(t) {
  const e = an();
  if (t === void 0) return e;
  const r = [...t].filter((n) => n.length >= 8);
  return r.length === 0 ? e : [...new Set([...e, ...r])].sort((n, o) => o.length - n.length);
}
var Xt = new Set();
function T(t) {
  t.length >= 8 && Xt.add(t);
}
function pn() {
  Xt.clear();
}
function Ce(t) {
  return dn(t, { known: Xt });
}
var v = new Re({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rekey',
  jsonReplacerFn: (t, e) => (typeof e == 'string' ? Ce(e) : e),
});
var vn = require('@aws-sdk/client-iam'),
  _n = require('@aws-sdk/client-sts');
var g = class extends L {
    constructor(r, n, o) {
      super(`${r}: ${n}`, o);
      this.provider = r;
      (this.name = 'ProviderError'), (this.status = o?.status);
    }
    provider;
    retryable = !1;
    status;
  },
  X = class extends g {
    constructor(r, n, o, i) {
      super(r, n, i);
      this.retryAfterMs = o;
      this.name = 'ProviderRateLimitedError';
    }
    retryAfterMs;
    retryable = !0;
  },
  U = class extends g {
    retryable = !0;
    constructor(e, r, n) {
      super(e, r, n), (this.name = 'ProviderUnavailableError');
    }
  },
  he = class extends g {
    constructor(e, r, n) {
      super(e, r, n), (this.name = 'ProviderUnauthorizedError');
    }
  },
  N = class extends g {
    constructor(e, r, n) {
      super(e, r, n), (this.name = 'ProviderNotFoundError');
    }
  },
  w = class extends g {
    constructor(e, r, n) {
      super(e, r, n), (this.name = 'KeyRejectedError');
    }
  },
  ge = class extends g {
    constructor(e, r) {
      super(e, r), (this.name = 'ManualKeyRequiredError');
    }
  },
  Ne = class extends g {
    constructor(e, r, n) {
      super(e, r, n), (this.name = 'ProviderLimitError');
    }
  };
var fn = { attempts: 3, timeoutMs: 5e3, baseDelayMs: 200, maxDelayMs: 2e3, maxRetryAfterMs: 5e3 };
async function J(t, e, r) {
  const n = Math.max(1, e.policy.attempts);
  for (let o = 1; ; o++) {
    let i,
      s = !0;
    try {
      const l = await mi(t, e, r);
      if ((l.status >= 200 && l.status < 300) || r.pass?.includes(l.status)) return l;
      (i = gi(t, r, l)), (s = !(i instanceof X));
    } catch (l) {
      if (!(l instanceof g)) throw l;
      i = l;
    }
    if (!i.retryable || o >= n || (s && r.retryAmbiguous === !1)) throw i;
    const a = fi(e, o);
    if (i instanceof X && i.retryAfterMs !== void 0) {
      if (i.retryAfterMs > e.policy.maxRetryAfterMs) throw i;
      await e.sleep(Math.max(i.retryAfterMs, a));
    } else await e.sleep(a);
  }
}
function fi(t, e) {
  const r = Math.min(t.policy.maxDelayMs, t.policy.baseDelayMs * 2 ** (e - 1));
  return Math.round(r / 2 + t.random() * (r / 2));
}
async function mi(t, e, r) {
  const n = { accept: 'application/json', ...r.headers };
  r.body !== void 0 && (n['content-type'] = 'application/json');
  try {
    const o = await e.fetch(r.url, {
        method: r.method,
        headers: n,
        body: r.body === void 0 ? void 0 : JSON.stringify(r.body),
        signal: AbortSignal.timeout(e.policy.timeoutMs),
      }),
      i = await o.text();
    return { status: o.status, body: hi(i), headers: o.headers };
  } catch (o) {
    const i = o?.name;
    if (i === 'TimeoutError' || i === 'AbortError') throw new U(t, `${r.op} timed out after ${e.policy.timeoutMs} ms`);
    const s = (o?.cause?.code ?? i ?? 'error').toString();
    throw new U(t, `${r.op} failed: network error (${Jt(s)})`);
  }
}
function hi(t) {
  if (t !== '')
    try {
      return JSON.parse(t);
    } catch {
      return t;
    }
}
function gi(t, e, r) {
  const n = vi(r.body),
    o = `${e.op} answered HTTP ${r.status}${n ? ` (${n})` : ''}`,
    i = r.status;
  return i === 429
    ? new X(t, o, yi(r.headers), { status: i })
    : i >= 500
      ? new U(t, o, { status: i })
      : (i === 401 || i === 403) && e.auth === 'admin'
        ? new he(t, `${o}: the admin credential was refused`, { status: i })
        : i === 404
          ? new N(t, o, { status: i })
          : new g(t, o, { status: i });
}
function yi(t, e = Date.now) {
  const r = t.get('retry-after-ms');
  if (r !== null && r.trim() !== '' && Number.isFinite(Number(r))) return Math.max(0, Number(r));
  const n = t.get('retry-after');
  if (n === null || n.trim() === '') return;
  if (Number.isFinite(Number(n))) return Math.max(0, Number(n) * 1e3);
  const o = Date.parse(n);
  return Number.isNaN(o) ? void 0 : Math.max(0, o - e());
}
function vi(t) {
  if (!t || typeof t != 'object') return typeof t == 'string' && t ? Jt(t) : void 0;
  const e = t,
    r = e.error && typeof e.error == 'object' ? e.error : void 0,
    n = [r ? r.type : typeof e.error == 'string' ? e.error : void 0, r?.code, r ? r.message : e.message].filter(
      (o) => typeof o == 'string' && o !== '',
    );
  return n.length > 0 ? Jt([...new Set(n)].join(': ')) : void 0;
}
function Ze(t) {
  if (!t || typeof t != 'object') return;
  const e = t.error;
  if (e && typeof e == 'object') {
    const { code: r, type: n } = e;
    if (typeof r == 'string') return r;
    if (typeof n == 'string') return n;
  }
  return typeof e == 'string' ? e : void 0;
}
function Jt(t) {
  return Ce(t)
    .replace(/\S*\*{2,}\S*/g, '[REDACTED]')
    .replace(/\b(?:sk|rk|key)[-_][A-Za-z0-9_.-]{6,}/gi, '[REDACTED]')
    .slice(0, 200);
}
var qt = (t) => new Promise((e) => setTimeout(e, t));
function q(t, e) {
  return `${t.replace(/\/+$/, '')}/${e.replace(/^\/+/, '')}`;
}
function R(t, e, r, n) {
  const o = e.options[r];
  if (typeof o == 'string' && o !== '') return o;
  if (n !== void 0) return n;
  throw new g(t, `secret ${e.secretName} has no options.${r}`);
}
function mn(t, e) {
  const r = t.options[e];
  return typeof r == 'string' && r !== '' ? r : void 0;
}
function Qt(t) {
  return `rekey-${t}`;
}
var hn = '2023-06-01',
  lt = class {
    constructor(e) {
      this.http = e;
    }
    http;
    name = b.anthropic;
    mintsKeys = !1;
    twoPhaseRevoke = !0;
    async createKey(e) {
      throw new ge(
        this.name,
        `the Admin API cannot create keys; supply the next key for ${e.secretName} with rekey put`,
      );
    }
    async testKey(e, r) {
      const n = await this.models(e, r.apiKey);
      if (n.status === 401 || n.status === 403)
        throw new w(
          this.name,
          `key ${r.keyId} was refused by GET /v1/models (HTTP ${n.status}, ${Ze(n.body) ?? 'no type'})`,
          { status: n.status },
        );
    }
    async revokeKey(e, r) {
      await this.setStatus(e, r, 'inactive');
    }
    async deleteKey(e, r) {
      await this.setStatus(e, r, 'archived');
    }
    async isRevoked(e, r) {
      return (await this.getKey(e, await e.adminCredential(), r.keyId))?.status !== 'active';
    }
    async identifyKey(e, r) {
      let n = await e.adminCredential(),
        o = mn(e, 'workspaceId'),
        i = [],
        s;
      for (let a = 0; a < 100; a++) {
        const l = new URLSearchParams({ limit: '1000', status: 'active' });
        o && l.set('workspace_id', o), s && l.set('after_id', s);
        const c = (
          await this.admin(e, n, { op: 'list api keys', method: 'GET', path: `/v1/organizations/api_keys?${l}` })
        ).body;
        for (const d of c?.data ?? [])
          (d.status && d.status !== 'active') ||
            (o && d.workspace_id && d.workspace_id !== o) ||
            (d.partial_key_hint && _i(d.partial_key_hint, r) && i.push(d.id));
        if (((s = c?.last_id ?? void 0), !c?.has_more || !s)) break;
      }
      if (i.length === 1 && i[0]) return i[0];
      throw new g(
        this.name,
        i.length === 0
          ? `no active key of the organisation${o ? ` in workspace ${o}` : ''} matches the supplied key`
          : `${i.length} active keys (${i.join(', ')}) match the supplied key's hint; archive the stale one first`,
      );
    }
    async setStatus(e, r, n) {
      if (e.currentKeyId && r.keyId === e.currentKeyId)
        throw new g(this.name, `refusing to make key ${r.keyId} ${n}: it is AWSCURRENT`);
      const o = await e.adminCredential(),
        i = await this.getKey(e, o, r.keyId);
      !i ||
        i.status === 'archived' ||
        i.status === n ||
        (await this.admin(e, o, {
          op: `set api key ${r.keyId} ${n}`,
          method: 'POST',
          path: `/v1/organizations/api_keys/${encodeURIComponent(r.keyId)}`,
          body: { status: n },
          pass: [404],
        }));
    }
    async getKey(e, r, n) {
      const o = await this.admin(e, r, {
        op: `get api key ${n}`,
        method: 'GET',
        path: `/v1/organizations/api_keys/${encodeURIComponent(n)}`,
        pass: [404],
      });
      return o.status === 404 ? void 0 : o.body;
    }
    models(e, r) {
      return J(this.name, this.http, {
        op: 'GET /v1/models',
        method: 'GET',
        url: q(this.baseUrl(e), '/v1/models'),
        headers: { 'x-api-key': r, 'anthropic-version': hn },
        auth: 'key',
        pass: [401, 403],
      });
    }
    admin(e, r, n) {
      return J(this.name, this.http, {
        ...n,
        url: q(this.baseUrl(e), n.path),
        headers: { 'x-api-key': r, 'anthropic-version': hn },
        auth: 'admin',
      });
    }
    baseUrl(e) {
      return R(this.name, e, 'baseUrl', M.anthropic.baseUrl);
    }
  };
function _i(t, e) {
  const r = t.split(/\.\.\.|…/);
  if (r.length !== 2) return !1;
  const [n = '', o = ''] = r;
  return n.length < 8 || o.length < 2 ? !1 : e.length > n.length + o.length && e.startsWith(n) && e.endsWith(o);
}
var S = require('@aws-sdk/client-iam'),
  gn = require('@aws-sdk/client-sts');
var xi = 2,
  Le = 'rekey-pending-',
  dt = 'minting:',
  wi = 6e4;
function Oe(t) {
  return `${Le}${t.replace(/[^\w.:/=+@-]/g, '')}`.slice(0, 128);
}
var yn = new Set([
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'UnrecognizedClientException',
    'AccessDenied',
    'AccessDeniedException',
    'ExpiredToken',
  ]),
  pt = class {
    constructor(e) {
      this.deps = e;
    }
    deps;
    name = b.awsIam;
    mintsKeys = !0;
    twoPhaseRevoke = !0;
    async createKey(e) {
      let r = this.userName(e),
        n = Oe(e.token),
        o = new Set([e.currentKeyId, e.previousKeyId].filter((p) => !!p)),
        i = await this.tags(r),
        s = await this.keys(r),
        a = new Set(i.filter((p) => p.Key !== n && p.Key?.startsWith(Le)).map((p) => p.Value ?? ''));
      (await this.deleteUnstored(e, r, i, s)) && (s = await this.keys(r));
      for (const p of i) {
        if (!p.Key?.startsWith(Le) || p.Key === n) continue;
        const f = p.Value ?? '';
        (o.has(f) || (!f.startsWith(dt) && !s.some((m) => m.AccessKeyId === f))) && (await this.untag(r, p.Key));
      }
      if (s.length >= xi) {
        const p = s.map((f) => {
          const m = f.AccessKeyId ?? '?';
          return m === e.currentKeyId
            ? `${m} (AWSCURRENT)`
            : m === e.previousKeyId
              ? `${m} (AWSPREVIOUS, awaiting revocation)`
              : a.has(m)
                ? `${m} (minted by another rotation in flight)`
                : `${m} (${f.Status ?? 'unknown status'}, not a version of ${e.secretName})`;
        });
        throw new Ne(
          this.name,
          `user ${r} already has ${s.length} access keys: ${p.join(', ')}; rekey never deletes a key to make room: revoke the previous key or delete the stray one first`,
        );
      }
      await this.tag(r, n, `${dt}${Math.floor(this.deps.now() / 1e3)}`);
      let l = new Set(s.map((p) => p.AccessKeyId)),
        u;
      try {
        u = (await this.deps.iam.send(new S.CreateAccessKeyCommand({ UserName: r }))).AccessKey;
      } catch (p) {
        throw (await this.deleteNewKeys(r, l, void 0), V(this.name, `CreateAccessKey for user ${r}`, p));
      }
      const c = u?.AccessKeyId,
        d = u?.SecretAccessKey;
      if (!c || !d) throw new g(this.name, 'CreateAccessKey returned no key');
      return (T(d), await this.deleteNewKeys(r, l, c), await this.tag(r, n, c), { apiKey: d, keyId: c });
    }
    async discardUnstored(e) {
      const r = this.userName(e),
        n = await this.tags(r);
      n.some((o) => o.Key === Oe(e.token)) &&
        (await this.deleteUnstored(e, r, n, await this.keys(r)), await this.untag(r, Oe(e.token)));
    }
    async deleteUnstored(e, r, n, o) {
      const i = Oe(e.token),
        s = n.find((c) => c.Key === i)?.Value;
      if (s === void 0) return !1;
      const a = new Set([e.currentKeyId, e.previousKeyId].filter((c) => !!c)),
        l = new Set(n.filter((c) => c.Key !== i && c.Key?.startsWith(Le)).map((c) => c.Value ?? '')),
        u = o.filter((c) => {
          if (!c.AccessKeyId || a.has(c.AccessKeyId) || l.has(c.AccessKeyId)) return !1;
          if (s.startsWith(dt)) {
            const d = Number(s.slice(dt.length)) * 1e3 - wi;
            return (c.CreateDate?.getTime() ?? 0) >= d;
          }
          return c.AccessKeyId === s;
        });
      for (const c of u)
        v.warn('deleting an access key an earlier attempt minted but never stored', {
          secretName: e.secretName,
          userName: r,
          accessKeyId: c.AccessKeyId,
        }),
          await this.deleteAccessKey(r, c.AccessKeyId);
      return u.length > 0;
    }
    async keyStored(e) {
      await this.untag(this.userName(e), Oe(e.token));
    }
    async testKey(e, r) {
      const n = this.userName(e),
        o = (await this.keys(n)).find((a) => a.AccessKeyId === r.keyId)?.Status;
      if (o === void 0) throw new w(this.name, `access key ${r.keyId} does not exist`);
      if (o !== 'Active') throw new w(this.name, `access key ${r.keyId} is ${o}`);
      const i = this.deps.now() + (this.deps.propagationTimeoutMs ?? 3e4),
        s = this.deps.stsFor({ accessKeyId: r.keyId, secretAccessKey: r.apiKey });
      for (let a = 1; ; a++)
        try {
          const u = (await s.send(new gn.GetCallerIdentityCommand({}))).Arn ?? '';
          if (!u.includes(':user/') || !u.endsWith(`/${n}`))
            throw new w(this.name, `access key ${r.keyId} signs as ${u}, not as user ${n}`);
          return;
        } catch (l) {
          if (l instanceof w) throw l;
          const u = l.name;
          if (!yn.has(u)) throw V(this.name, `GetCallerIdentity with ${r.keyId}`, l);
          const c = Math.min(4e3, (this.deps.propagationBaseDelayMs ?? 500) * 2 ** (a - 1)),
            d = Math.round(c / 2 + this.deps.random() * (c / 2));
          if (this.deps.now() + d > i)
            throw new w(
              this.name,
              `STS refused access key ${r.keyId} (${u}) for ${this.deps.propagationTimeoutMs ?? 3e4} ms`,
              { cause: l },
            );
          await this.deps.sleep(d);
        }
    }
    async revokeKey(e, r) {
      this.refuseCurrent(e, r, 'deactivate');
      try {
        await this.deps.iam.send(
          new S.UpdateAccessKeyCommand({ UserName: this.userName(e), AccessKeyId: r.keyId, Status: 'Inactive' }),
        );
      } catch (n) {
        const o = V(this.name, `UpdateAccessKey ${r.keyId} Inactive`, n);
        if (!(o instanceof N)) throw o;
      }
    }
    async deleteKey(e, r) {
      this.refuseCurrent(e, r, 'delete');
      const n = this.userName(e);
      await this.deleteAccessKey(n, r.keyId);
      for (const o of await this.tags(n)) o.Key?.startsWith(Le) && o.Value === r.keyId && (await this.untag(n, o.Key));
    }
    async isRevoked(e, r) {
      return (await this.keys(this.userName(e))).find((o) => o.AccessKeyId === r.keyId)?.Status !== 'Active';
    }
    async lastUsed(e, r) {
      try {
        return (
          (await this.deps.iam.send(new S.GetAccessKeyLastUsedCommand({ AccessKeyId: r.keyId }))).AccessKeyLastUsed
            ?.LastUsedDate ?? void 0
        );
      } catch (n) {
        const o = V(this.name, `GetAccessKeyLastUsed ${r.keyId}`, n);
        if (o instanceof N) return;
        throw o;
      }
    }
    refuseCurrent(e, r, n) {
      if (e.currentKeyId && r.keyId === e.currentKeyId)
        throw new g(this.name, `refusing to ${n} access key ${r.keyId}: it is AWSCURRENT`);
    }
    userName(e) {
      return R(this.name, e, 'userName');
    }
    async deleteNewKeys(e, r, n) {
      let o;
      try {
        o = await this.keys(e);
      } catch (i) {
        v.warn('could not list keys after CreateAccessKey; a replay cleans up by the pending tag', {
          userName: e,
          error: i.message,
        });
        return;
      }
      for (const i of o)
        i.AccessKeyId &&
          !r.has(i.AccessKeyId) &&
          i.AccessKeyId !== n &&
          (v.warn('deleting an access key whose secret was never returned', {
            userName: e,
            accessKeyId: i.AccessKeyId,
          }),
          await this.deleteAccessKey(e, i.AccessKeyId));
    }
    async deleteAccessKey(e, r) {
      try {
        await this.deps.iam.send(new S.DeleteAccessKeyCommand({ UserName: e, AccessKeyId: r }));
      } catch (n) {
        const o = V(this.name, `DeleteAccessKey ${r}`, n);
        if (!(o instanceof N)) throw o;
      }
    }
    async keys(e) {
      let r = [],
        n;
      try {
        do {
          const o = await this.deps.iam.send(new S.ListAccessKeysCommand({ UserName: e, Marker: n }));
          r.push(...(o.AccessKeyMetadata ?? [])), (n = o.IsTruncated ? o.Marker : void 0);
        } while (n);
      } catch (o) {
        throw V(this.name, `ListAccessKeys for user ${e}`, o);
      }
      return r;
    }
    async tags(e) {
      let r = [],
        n;
      try {
        do {
          const o = await this.deps.iam.send(new S.ListUserTagsCommand({ UserName: e, Marker: n }));
          r.push(...(o.Tags ?? [])), (n = o.IsTruncated ? o.Marker : void 0);
        } while (n);
      } catch (o) {
        throw V(this.name, `ListUserTags for user ${e}`, o);
      }
      return r;
    }
    async tag(e, r, n) {
      try {
        await this.deps.iam.send(new S.TagUserCommand({ UserName: e, Tags: [{ Key: r, Value: n }] }));
      } catch (o) {
        throw V(this.name, `TagUser ${e}`, o);
      }
    }
    async untag(e, r) {
      try {
        await this.deps.iam.send(new S.UntagUserCommand({ UserName: e, TagKeys: [r] }));
      } catch (n) {
        const o = V(this.name, `UntagUser ${e}`, n);
        if (!(o instanceof N)) throw o;
      }
    }
  };
function V(t, e, r) {
  if (r instanceof g) return r;
  const n = r?.name ?? 'Error',
    o = r?.$metadata?.httpStatusCode,
    i = `${e} failed (${n})`,
    s = { cause: r, status: o };
  return n === 'NoSuchEntity' || n === 'NoSuchEntityException'
    ? new N(t, i, s)
    : n === 'LimitExceeded' || n === 'LimitExceededException'
      ? new Ne(t, i, s)
      : n === 'Throttling' || n === 'ThrottlingException' || n === 'TooManyRequestsException'
        ? new X(t, i, void 0, s)
        : yn.has(n)
          ? new he(t, i, s)
          : n === 'ServiceFailure' || n === 'ServiceFailureException' || (o ?? 0) >= 500
            ? new U(t, i, s)
            : n === 'TimeoutError' || n === 'AbortError' || /ECONN|ETIMEDOUT|socket/i.test(String(r))
              ? new U(t, i, s)
              : new g(t, i, s);
}
var ye = require('@aws-sdk/client-secrets-manager');
var er = M.generated,
  ft = class {
    constructor(e) {
      this.sm = e;
    }
    sm;
    name = b.generated;
    mintsKeys = !0;
    twoPhaseRevoke = !1;
    async createKey(e) {
      const r = typeof e.options.length == 'number' ? e.options.length : er.length,
        n = typeof e.options.prefix == 'string' ? e.options.prefix : er.prefix,
        o = await this.sm.send(
          new ye.GetRandomPasswordCommand({ PasswordLength: r, ExcludePunctuation: !0, IncludeSpace: !1 }),
        );
      if (!o.RandomPassword) throw new g(this.name, 'GetRandomPassword returned no password');
      return { apiKey: `${n}${o.RandomPassword}`, keyId: e.token };
    }
    async testKey(e, r) {
      const n = typeof e.options.prefix == 'string' ? e.options.prefix : er.prefix;
      if (!r.apiKey.startsWith(n) || !/^[A-Za-z0-9]+$/.test(r.apiKey.slice(n.length)))
        throw new w(this.name, `token ${r.keyId} is not a well-formed generated token`);
      if (await this.isRevoked(e, r)) throw new w(this.name, `token ${r.keyId} is retired`);
    }
    async revokeKey(e, r) {
      const n = r.versionId ?? r.keyId,
        o = await this.stagesOf(e.secretName, n);
      if (o.includes('AWSCURRENT')) throw new g(this.name, `refusing to retire version ${n}: it is AWSCURRENT`);
      for (const i of o)
        await this.sm.send(
          new ye.UpdateSecretVersionStageCommand({ SecretId: e.secretName, VersionStage: i, RemoveFromVersionId: n }),
        );
    }
    async isRevoked(e, r) {
      return (await this.stagesOf(e.secretName, r.versionId ?? r.keyId)).length === 0;
    }
    async stagesOf(e, r) {
      return (await this.sm.send(new ye.DescribeSecretCommand({ SecretId: e }))).VersionIdsToStages?.[r] ?? [];
    }
  };
var tr = M.http,
  mt = class {
    constructor(e) {
      this.http = e;
    }
    http;
    name = b.http;
    mintsKeys = !0;
    twoPhaseRevoke = !1;
    async createKey(e) {
      const r = await this.call(e, {
          op: 'create key',
          method: 'POST',
          path: R(this.name, e, 'createPath', tr.createPath),
          bearer: await e.adminCredential(),
          auth: 'admin',
          body: { idempotencyKey: e.token, name: `rekey-${e.secretName}` },
        }),
        n = r.body;
      if (typeof n?.id != 'string' || typeof n.key != 'string' || !n.id || !n.key)
        throw new g(this.name, `create key answered HTTP ${r.status} without { id, key }`);
      return (T(n.key), { apiKey: n.key, keyId: n.id });
    }
    async discardUnstored(e) {
      const { keyId: r } = await this.createKey(e);
      await this.revokeKey(e, { keyId: r, versionId: e.token });
    }
    async testKey(e, r) {
      const n = await this.probe(e, r.apiKey);
      if (n.status === 401 || n.status === 403)
        throw new w(this.name, `key ${r.keyId} was refused (HTTP ${n.status})`, { status: n.status });
    }
    async revokeKey(e, r) {
      if (e.currentKeyId && r.keyId === e.currentKeyId)
        throw new g(this.name, `refusing to revoke key ${r.keyId}: it is AWSCURRENT`);
      const n = R(this.name, e, 'revokePath', tr.revokePath).replaceAll('{keyId}', encodeURIComponent(r.keyId));
      await this.call(e, {
        op: `revoke key ${r.keyId}`,
        method: 'DELETE',
        path: n,
        bearer: await e.adminCredential(),
        auth: 'admin',
        pass: [404],
      });
    }
    async isRevoked(e, r) {
      if (!r.apiKey) throw new g(this.name, `cannot tell whether key ${r.keyId} is revoked without it`);
      return (await this.probe(e, r.apiKey)).status === 401;
    }
    probe(e, r) {
      return this.call(e, {
        op: 'test key',
        method: 'GET',
        path: R(this.name, e, 'testPath', tr.testPath),
        bearer: r,
        auth: 'key',
        pass: [401, 403],
      });
    }
    call(e, r) {
      return J(this.name, this.http, {
        op: r.op,
        method: r.method,
        url: q(R(this.name, e, 'baseUrl'), r.path),
        headers: { authorization: `Bearer ${r.bearer}` },
        body: r.body,
        auth: r.auth,
        pass: r.pass,
      });
    }
  };
var ht = class {
  constructor(e) {
    this.http = e;
  }
  http;
  name = b.openai;
  mintsKeys = !0;
  twoPhaseRevoke = !1;
  async createKey(e) {
    const r = Qt(e.token),
      n = await e.adminCredential();
    for (const l of await this.findServiceAccounts(e, n, r))
      v.warn('deleting a service account minted by an earlier attempt whose key was never stored', {
        secretName: e.secretName,
        serviceAccountId: l.id,
      }),
        await this.deleteServiceAccount(e, n, l.id);
    let o;
    try {
      o = await this.admin(e, n, {
        op: `create service account ${r}`,
        method: 'POST',
        path: '/service_accounts',
        body: { name: r },
        retryAmbiguous: !1,
      });
    } catch (l) {
      throw (await this.cleanUpAfterFailedCreate(e, n, r), l);
    }
    const i = o.body,
      s = i?.api_key?.value,
      a = i?.api_key?.id;
    if (typeof s != 'string' || typeof a != 'string' || !s)
      throw (
        typeof i?.id == 'string' && (await this.deleteServiceAccount(e, n, i.id)),
        new g(this.name, `create service account ${r} answered without an api_key`)
      );
    return (T(s), { apiKey: s, keyId: a });
  }
  async discardUnstored(e) {
    const r = await e.adminCredential();
    for (const n of await this.findServiceAccounts(e, r, Qt(e.token))) await this.deleteServiceAccount(e, r, n.id);
  }
  async testKey(e, r) {
    const n = await this.models(e, r.apiKey);
    if (n.status === 401 || n.status === 403)
      throw new w(
        this.name,
        `key ${r.keyId} was refused by GET /v1/models (HTTP ${n.status}, ${Ze(n.body) ?? 'no code'})`,
        { status: n.status },
      );
  }
  async revokeKey(e, r) {
    if (e.currentKeyId && r.keyId === e.currentKeyId)
      throw new g(this.name, `refusing to revoke key ${r.keyId}: it is AWSCURRENT`);
    const n = await e.adminCredential(),
      o = await this.getApiKey(e, n, r.keyId);
    if (!o) return;
    const i = o.owner?.service_account;
    o.owner?.type === 'service_account' && i?.id && i.name?.startsWith('rekey-')
      ? await this.deleteServiceAccount(e, n, i.id)
      : await this.admin(e, n, {
          op: `delete api key ${r.keyId}`,
          method: 'DELETE',
          path: `/api_keys/${encodeURIComponent(r.keyId)}`,
          pass: [404],
        });
  }
  async isRevoked(e, r) {
    const n = await e.adminCredential();
    if (!(await this.getApiKey(e, n, r.keyId))) return !0;
    if (r.apiKey) {
      const o = await this.models(e, r.apiKey);
      return o.status === 401 && Ze(o.body) === 'invalid_api_key';
    }
    return !1;
  }
  async lastUsed(e, r) {
    const n = await e.adminCredential(),
      o = await this.getApiKey(e, n, r.keyId);
    return typeof o?.last_used_at == 'number' ? new Date(o.last_used_at * 1e3) : void 0;
  }
  models(e, r) {
    return J(this.name, this.http, {
      op: 'GET /v1/models',
      method: 'GET',
      url: q(this.baseUrl(e), '/v1/models'),
      headers: { authorization: `Bearer ${r}` },
      auth: 'key',
      pass: [401, 403],
    });
  }
  async getApiKey(e, r, n) {
    const o = await this.admin(e, r, {
      op: `get api key ${n}`,
      method: 'GET',
      path: `/api_keys/${encodeURIComponent(n)}`,
      pass: [404],
    });
    return o.status === 404 ? void 0 : o.body;
  }
  async findServiceAccounts(e, r, n) {
    let o = [],
      i;
    for (let s = 0; s < 100; s++) {
      const a = `?limit=100${i ? `&after=${encodeURIComponent(i)}` : ''}`,
        u = (await this.admin(e, r, { op: 'list service accounts', method: 'GET', path: `/service_accounts${a}` }))
          .body,
        c = u?.data ?? [];
      if ((o.push(...c.filter((d) => d.name === n)), (i = u?.last_id ?? c.at(-1)?.id), !u?.has_more || !i)) break;
    }
    return o;
  }
  async deleteServiceAccount(e, r, n) {
    await this.admin(e, r, {
      op: `delete service account ${n}`,
      method: 'DELETE',
      path: `/service_accounts/${encodeURIComponent(n)}`,
      pass: [404],
    });
  }
  async cleanUpAfterFailedCreate(e, r, n) {
    try {
      for (const o of await this.findServiceAccounts(e, r, n)) await this.deleteServiceAccount(e, r, o.id);
    } catch (o) {
      v.warn('could not clean up after a failed create; the replay will', {
        secretName: e.secretName,
        error: o.message,
      });
    }
  }
  admin(e, r, n) {
    const o = encodeURIComponent(R(this.name, e, 'projectId'));
    return J(this.name, this.http, {
      op: n.op,
      method: n.method,
      url: q(this.baseUrl(e), `/v1/organization/projects/${o}${n.path}`),
      headers: { authorization: `Bearer ${r}` },
      body: n.body,
      auth: 'admin',
      pass: n.pass,
      retryAmbiguous: n.retryAmbiguous,
    });
  }
  baseUrl(e) {
    return R(this.name, e, 'baseUrl', M.openai.baseUrl);
  }
};
function xn(t) {
  const e = new Map();
  return (r) => {
    let n = e.get(r);
    return (n || ((n = bi(r, t)), e.set(r, n)), n);
  };
}
function rr(t) {
  return {
    fetch: t.fetch ?? ((e, r) => globalThis.fetch(e, r)),
    sleep: t.sleep ?? qt,
    random: t.random ?? Math.random,
    policy: { ...fn, ...t.httpPolicy },
  };
}
function bi(t, e) {
  switch (t) {
    case 'generated':
      return new ft(e.secretsManager);
    case 'aws-iam':
      return new pt({
        iam: e.iam ?? new vn.IAMClient(Je()),
        stsFor: e.stsFor ?? ((r) => new _n.STSClient({ credentials: r })),
        sleep: e.sleep ?? qt,
        random: e.random ?? Math.random,
        now: e.now ?? Date.now,
        propagationTimeoutMs: e.iamPropagationTimeoutMs,
      });
    case 'openai':
      return new ht(rr(e));
    case 'anthropic':
      return new lt(rr(e));
    case 'http':
      return new mt(rr(e));
    default:
      throw new g(t, 'provider is not available in this build');
  }
}
var wn;
var nr = { value: void 0, enumerable: !1 },
  bn = 'captureStackTrace' in Error ? Error : null;
function Si(t) {
  const e = bn;
  if (e) {
    const r = e.stackTraceLimit;
    if (typeof r == 'number') {
      try {
        e.stackTraceLimit = 0;
      } catch {
        return ((bn = null), new t());
      }
      try {
        return new t();
      } finally {
        e.stackTraceLimit = r;
      }
    }
  }
  return new t();
}
function h(t, e, r, n) {
  const o = {};
  function i(p) {
    (this.def = p), (this.constr = d), (this.traits = new Set());
  }
  i.prototype = o;
  const s = r,
    a = s && new WeakSet();
  function l(p, f) {
    if (p._zod) {
      if (p._zod.traits.has(t)) return;
    } else {
      nr.value = new i(f);
      try {
        Object.defineProperty(p, '_zod', nr);
      } finally {
        nr.value = void 0;
      }
    }
    if ((p._zod.traits.add(t), e(p, f), a)) {
      let _ = Object.getPrototypeOf(p),
        k = p._zod.constr.prototype,
        P = _;
      for (; P && P !== k; ) P = Object.getPrototypeOf(P);
      const O = P ?? _;
      a.has(O) || (a.add(O), Sn(O, s));
    }
    const m = d.prototype;
    for (const _ in m) Object.hasOwn(m, _) && (_ in p || (p[_] = m[_].bind(p)));
  }
  const u = n?.Parent ?? Object;
  class c extends u {}
  Object.defineProperty(c, 'name', { value: t });
  function d(p) {
    const f = n?.Parent ? Si(c) : this;
    l(f, p);
    const m = f._zod.deferred;
    if (m) {
      for (const k of m) k();
      f._zod.deferred = void 0;
    }
    const _ = globalThis.__zod_globalConfig?.postProcessor;
    return (_ && _(f), f);
  }
  return (
    Object.defineProperty(d, 'init', { value: l }),
    Object.defineProperty(d, Symbol.hasInstance, {
      value: (p) => (n?.Parent && p instanceof n.Parent ? !0 : p?._zod?.traits?.has(t)),
    }),
    Object.defineProperty(d, 'name', { value: t }),
    d
  );
}
var F = class extends Error {
  constructor() {
    super('Encountered Promise during synchronous parse. Use .parseAsync() instead.');
  }
};
(wn = globalThis).__zod_globalConfig ?? (wn.__zod_globalConfig = {});
var Me = globalThis.__zod_globalConfig;
function C(t) {
  return (t && Object.assign(Me, t), Me);
}
function ar(t) {
  const e = Object.values(t).filter((n) => typeof n == 'number');
  return Object.entries(t)
    .filter(([n, o]) => e.indexOf(+n) === -1)
    .map(([n, o]) => o);
}
function cr(t, e = '|') {
  return t.map((r) => fr(r)).join(e);
}
function An(t, e) {
  return typeof e == 'bigint' ? e.toString() : e;
}
var sr = class {
  constructor(e) {
    (this._getter = e), (this._value = void 0);
  }
  get value() {
    const e = this._getter;
    return (e !== void 0 && ((this._value = e()), (this._getter = void 0)), this._value);
  }
};
function En(t) {
  return new sr(t);
}
function $n(t) {
  return t == null;
}
function kn(t) {
  const e = t.startsWith('^') ? 1 : 0,
    r = t.endsWith('$') ? t.length - 1 : t.length;
  return t.slice(e, r);
}
function In(t, e, r) {
  Object.defineProperty(t, e, { value: r, writable: !0, enumerable: !0, configurable: !0 });
}
var ur = 'captureStackTrace' in Error ? Error.captureStackTrace : (...t) => {};
function gt(t) {
  return typeof t == 'object' && t !== null && !Array.isArray(t);
}
function lr(t) {
  if (gt(t) === !1) return !1;
  const e = t.constructor;
  if (e === void 0 || typeof e != 'function') return !0;
  const r = e.prototype;
  return !(gt(r) === !1 || Object.hasOwn(r, 'isPrototypeOf') === !1);
}
function dr(t) {
  return lr(t)
    ? { ...t }
    : Array.isArray(t)
      ? [...t]
      : t instanceof Map
        ? new Map(t)
        : t instanceof Set
          ? new Set(t)
          : t;
}
var Pn = new Set(['string', 'number', 'symbol']);
function pr(t) {
  return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function Ke(t, e, r) {
  const n = new t._zod.constr(e ?? t._zod.def);
  return ((!e || r?.parent) && (n._zod.parent = t), n);
}
function A(t) {
  const e = t;
  if (!e) return {};
  if (typeof e == 'string') return { error: () => e };
  if (e?.message !== void 0) {
    if (e?.error !== void 0) throw new Error('Cannot specify both `message` and `error` params');
    e.error = e.message;
  }
  return (delete e.message, typeof e.error == 'string' ? { ...e, error: () => e.error } : e);
}
function fr(t) {
  return typeof t == 'bigint' ? t.toString() + 'n' : typeof t == 'string' ? `"${t}"` : `${t}`;
}
function Tn(t) {
  return Object.keys(t).filter((e) => t[e]._zod.optin !== void 0 && t[e]._zod.optout === 'optional');
}
function oe(t, e = 0) {
  if (t.aborted === !0) return !0;
  for (let r = e; r < t.issues.length; r++) if (t.issues[r]?.continue !== !0) return !0;
  return !1;
}
function Rn(t, e = 0) {
  if (t.aborted === !0) return !0;
  for (let r = e; r < t.issues.length; r++) if (t.issues[r]?.continue === !1) return !0;
  return !1;
}
function ie(t, e) {
  return e.map((r) => {
    var n;
    return ((n = r).path ?? (n.path = []), r.path.unshift(t), r);
  });
}
function De(t) {
  return typeof t == 'string' ? t : t?.message;
}
function mr(t, e, r) {
  var n;
  for (let o = e; o < t.length; o++) (n = t[o]).schema ?? (n.schema = r);
}
function ee(t, e, r) {
  var n;
  const o = t.inst?._zod?.traits;
  o?.has('$ZodType') && (o.has('$ZodCheck') ? ((n = t).schema ?? (n.schema = t.inst)) : (t.schema = t.inst));
  const i = t.schema !== t.inst ? t.schema?._zod.def?.error : void 0,
    s = t.message
      ? t.message
      : (De(t.inst?._zod.def?.error?.(t)) ??
        De(i?.(t)) ??
        De(e?.error?.(t)) ??
        De(r.customError?.(t)) ??
        De(r.localeError?.(t)) ??
        'Invalid input'),
    a = {};
  for (const l of Object.keys(t))
    l === 'inst' || l === 'schema' || l === 'continue' || l === 'input' || l === '__proto__' || (a[l] = t[l]);
  return (a.path ?? (a.path = []), (a.message = s), e?.reportInput && (a.input = t.input), a);
}
var Ai = /[\uD800-\uDBFF]/;
function hr(t) {
  const e = t.length;
  if (!Ai.test(t)) return e;
  let r = e;
  for (let n = 0; n < e - 1; n++)
    (t.charCodeAt(n) & 64512) === 55296 && (t.charCodeAt(n + 1) & 64512) === 56320 && (r--, n++);
  return r;
}
function gr(t) {
  return Array.isArray(t) ? 'array' : typeof t == 'string' ? 'string' : 'unknown';
}
function zn(t) {
  const e = typeof t;
  switch (e) {
    case 'number':
      return Number.isNaN(t) ? 'nan' : 'number';
    case 'object': {
      if (t === null) return 'null';
      if (Array.isArray(t)) return 'array';
      const r = t;
      if (r && Object.getPrototypeOf(r) !== Object.prototype && 'constructor' in r && r.constructor)
        return r.constructor.name;
    }
  }
  return e;
}
function Sn(t, e) {
  for (const r in e) {
    const n = Object.getOwnPropertyDescriptor(e, r);
    n.get ? Object.defineProperty(t, r, { ...n, enumerable: !1 }) : Ei(t, r, n.value);
  }
}
function ne(t, e, r, n = !0) {
  return (Object.defineProperty(t, e, { configurable: !0, writable: !0, enumerable: n, value: r }), r);
}
function yr(t, e, r) {
  return ne(t, e, r, !1);
}
function Ei(t, e, r) {
  Object.defineProperty(t, e, {
    configurable: !0,
    get() {
      return this == null ? r : ne(this, e, r.bind(this));
    },
    set(n) {
      ne(this, e, n);
    },
  });
}
function $i(t, e) {
  const r = Object.getPrototypeOf(t);
  return e in r ? void 0 : r;
}
var ir,
  Q = !1,
  ki = {
    configurable: !0,
    get() {
      Q = !0;
    },
  };
function se(t, e, r) {
  const n = Object.getPrototypeOf(t._zod);
  if (e in n && ir !== t._zod) {
    ir = void 0;
    return;
  }
  (ir = t._zod),
    Object.defineProperty(n, e, {
      configurable: !0,
      get() {
        Object.defineProperty(this, e, ki);
        const o = Q;
        Q = !1;
        try {
          const i = r(this);
          return (
            Q ? delete this[e] : Object.defineProperty(this, e, { configurable: !0, writable: !0, value: i }),
            (Q = Q || o),
            i
          );
        } catch (i) {
          throw (delete this[e], (Q = Q || o), i);
        }
      },
      set(o) {
        Object.defineProperty(this, e, { configurable: !0, writable: !0, value: o });
      },
    });
}
function Cn(t, e, r, n) {
  const o = $i(t, e);
  o &&
    Object.defineProperty(o, e, {
      configurable: !0,
      get() {
        const i = { configurable: !0, writable: !0, enumerable: n, value: void 0 };
        return (Object.defineProperty(this, e, i), (i.value = r(this)), Object.defineProperty(this, e, i), i.value);
      },
      set(i) {
        Object.defineProperty(this, e, { configurable: !0, writable: !0, enumerable: n, value: i });
      },
    });
}
var Ii = () => {
  const t = {
    string: { unit: 'characters', verb: 'to have' },
    file: { unit: 'bytes', verb: 'to have' },
    array: { unit: 'items', verb: 'to have' },
    set: { unit: 'items', verb: 'to have' },
    map: { unit: 'entries', verb: 'to have' },
  };
  function e(i) {
    return t[i] ?? null;
  }
  const r = {
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
          a = zn(i.input),
          l = o(a, i.input);
        return `Invalid input: expected ${s}, received ${l}`;
      }
      case 'invalid_value':
        return i.values.length === 1
          ? `Invalid input: expected ${fr(i.values[0])}`
          : `Invalid option: expected one of ${cr(i.values, '|')}`;
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
                : `Invalid ${r[s.format] ?? i.format}`;
      }
      case 'not_multiple_of':
        return `Invalid number: must be a multiple of ${i.divisor}`;
      case 'unrecognized_keys':
        return `Unrecognized key${i.keys.length > 1 ? 's' : ''}: ${cr(i.keys, ', ')}`;
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
function vr() {
  return { localeError: Ii() };
}
function Ti() {
  const t = this._zod;
  return (t.message ?? (t.message = JSON.stringify(t.def, An, 2)), t.message);
}
function Ri(t) {
  this._zod.message = t;
}
var zi = { get: Ti, set: Ri, enumerable: !0, configurable: !0 },
  _r = { value: void 0, enumerable: !1 },
  Nn = new WeakSet([Object.prototype, Error.prototype]),
  Zn = (t, e) => {
    (t.name = '$ZodError'),
      (_r.value = e),
      Object.defineProperty(t, 'issues', _r),
      (_r.value = void 0),
      Object.defineProperty(t, 'message', zi);
    const r = Object.getPrototypeOf(t);
    Nn.has(r) ||
      (Nn.add(r),
      Object.defineProperty(r, 'toString', {
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
  yu = h('$ZodError', Zn),
  Ue = h('$ZodError', Zn, void 0, { Parent: Error });
var Ni = (t) => {
    const e = (r, n, o, i) => {
      const s = o ? { ...o, async: !1 } : { async: !1 },
        a = r._zod.run({ value: n, issues: [] }, s);
      if (a instanceof Promise) throw new F();
      if (a.issues.length) {
        const l = new (i?.Err ?? t)(a.issues.map((u) => ee(u, s, C())));
        throw (ur(l, i?.callee ?? e), l);
      }
      return a.value;
    };
    return e;
  },
  xr = Ni(Ue),
  Zi = (t) => {
    const e = async (r, n, o, i) => {
      let s = o ? { ...o, async: !0 } : { async: !0 },
        a = r._zod.run({ value: n, issues: [] }, s);
      if ((a instanceof Promise && (a = await a), a.issues.length)) {
        const l = new (i?.Err ?? t)(a.issues.map((u) => ee(u, s, C())));
        throw (ur(l, i?.callee ?? e), l);
      }
      return a.value;
    };
    return e;
  },
  wr = Zi(Ue),
  Oi = (t) => (e, r, n) => {
    const o = n ? { ...n, async: !1 } : { async: !1 },
      i = e._zod.run({ value: r, issues: [] }, o);
    if (i instanceof Promise) throw new F();
    return i.issues.length ? On(t, i.issues, o) : { success: !0, data: i.value };
  },
  Ve = Oi(Ue);
function On(t, e, r) {
  let n;
  return {
    success: !1,
    get error() {
      return (n || ((n = new t(e.map((o) => ee(o, r, C())))), (e = void 0), (r = void 0)), n);
    },
    set error(o) {
      (n = o), (e = void 0), (r = void 0);
    },
  };
}
var Li = (t) => async (e, r, n) => {
    let o = n ? { ...n, async: !0 } : { async: !0 },
      i = e._zod.run({ value: r, issues: [] }, o);
    return (
      i instanceof Promise && (i = await i), i.issues.length ? On(t, i.issues, o) : { success: !0, data: i.value }
    );
  },
  br = Li(Ue);
var Ln = /^P(?:(\d+W)|(?!.*W)(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?)$/;
var Mn =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
function Mi(t) {
  return new RegExp(`^${t}$`);
}
var Dn = Mi(Mn);
function Sr(t) {
  const e = '(?:[01]\\d|2[0-3]):[0-5]\\d';
  return typeof t.precision == 'number'
    ? t.precision === -1
      ? `${e}`
      : t.precision === 0
        ? `${e}:[0-5]\\d`
        : `${e}:[0-5]\\d\\.\\d{${t.precision}}`
    : t.seconds
      ? `${e}:[0-5]\\d(?:\\.\\d+)?`
      : `${e}(?::[0-5]\\d(?:\\.\\d+)?)?`;
}
function Kn(t) {
  return new RegExp(`^${Sr(t)}$`);
}
function Un(t) {
  const e = ['Z'];
  t.offset && e.push('([+-](?:[01]\\d|2[0-3]):[0-5]\\d)');
  const r = `${Sr({ precision: t.precision, seconds: !0 })}(?:${e.join('|')})`,
    n = t.local ? `${r}|${Sr({ precision: t.precision })}` : r;
  return new RegExp(`^${Mn}T(?:${n})$`);
}
var Vn = /^[\s\S]{0,}$/;
var Fn = /^-?\d+(?:\.\d+)?$/;
var ve = h('$ZodCheck', (t, e) => {
  var r;
  t._zod ?? (t._zod = {}), (t._zod.def = e), (r = t._zod).onattach ?? (r.onattach = []);
});
var jn = (t) => {
  const e = t.value;
  return !$n(e) && e.length !== void 0;
};
var Bn = h('$ZodCheckMaxLength', (t, e) => {
    var r;
    ve.init(t, e),
      (r = t._zod.def).when ?? (r.when = jn),
      (t._zod.check = (n) => {
        const o = n.value,
          i = o.length;
        if ((typeof o == 'string' && i > e.maximum ? hr(o) : i) <= e.maximum) return;
        const a = gr(o);
        n.issues.push({
          origin: a,
          code: 'too_big',
          maximum: e.maximum,
          inclusive: !0,
          input: o,
          inst: t,
          continue: !e.abort,
        });
      });
  }),
  Wn = h('$ZodCheckMinLength', (t, e) => {
    var r;
    ve.init(t, e),
      (r = t._zod.def).when ?? (r.when = jn),
      (t._zod.check = (n) => {
        const o = n.value,
          i = o.length;
        if ((typeof o == 'string' && i >= e.minimum && i < e.minimum * 2 ? hr(o) : i) >= e.minimum) return;
        const a = gr(o);
        n.issues.push({
          origin: a,
          code: 'too_small',
          minimum: e.minimum,
          inclusive: !0,
          input: o,
          inst: t,
          continue: !e.abort,
        });
      });
  });
var Gn = h('$ZodCheckStringFormat', (t, e) => {
  var r, n;
  ve.init(t, e),
    e.pattern
      ? ((r = t._zod).check ??
        (r.check = (o) => {
          (e.pattern.lastIndex = 0),
            !e.pattern.test(o.value) &&
              o.issues.push({
                origin: 'string',
                code: 'invalid_format',
                format: e.format,
                input: o.value,
                ...(e.pattern ? { pattern: e.pattern.toString() } : {}),
                inst: t,
                continue: !e.abort,
              });
        }))
      : ((n = t._zod).check ?? (n.check = () => {}));
});
var Yn = { major: 4, minor: 6, patch: 7 };
var Z = h(
    '$ZodType',
    (t, e) => {
      var r;
      t ?? (t = {}), (t._zod.def = e), (t._zod.bag = t._zod.bag || {}), (t._zod.version = Yn);
      const n = t._zod.def.checks,
        o = t._zod.traits.has('$ZodCheck') ? [t, ...(n ?? [])] : n?.length ? [...n] : [];
      for (const i of o) for (const s of i._zod.onattach) s(t);
      if (o.length === 0)
        (r = t._zod).deferred ?? (r.deferred = []),
          t._zod.deferred?.push(() => {
            t._zod.run = t._zod.parse;
          });
      else {
        const i = (a, l, u) => {
            if (a.memo) return a;
            let c = oe(a),
              d;
            for (const p of l) {
              if (p._zod.def.when) {
                if (Rn(a) || !p._zod.def.when(a)) continue;
              } else if (c) continue;
              const f = a.issues.length,
                m = p._zod.check(a);
              if (m instanceof Promise && u?.async === !1) throw new F();
              if (d || m instanceof Promise)
                d = (d ?? Promise.resolve()).then(async () => {
                  await m, a.issues.length !== f && (mr(a.issues, f, t), c || (c = oe(a, f)));
                });
              else {
                if (a.issues.length === f) continue;
                mr(a.issues, f, t), c || (c = oe(a, f));
              }
            }
            return d ? d.then(() => a) : a;
          },
          s = (a, l, u) => {
            if (oe(a)) return ((a.aborted = !0), a);
            const c = i(l, o, u);
            if (c instanceof Promise) {
              if (u.async === !1) throw new F();
              return c.then((d) => t._zod.parse(d, u));
            }
            return t._zod.parse(c, u);
          };
        t._zod.run = (a, l) => {
          if (l.skipChecks) return t._zod.parse(a, l);
          if (l.direction === 'backward') {
            const c = t._zod.parse({ value: a.value, issues: [] }, { ...l, skipChecks: !0 });
            return c instanceof Promise ? c.then((d) => s(d, a, l)) : s(c, a, l);
          }
          const u = t._zod.parse(a, l);
          if (u instanceof Promise) {
            if (l.async === !1) throw new F();
            return u.then((c) => i(c, o, l));
          }
          return i(u, o, l);
        };
      }
    },
    {
      get '~standard'() {
        return yr(this, '~standard', Ui(this));
      },
      set '~standard'(t) {
        ne(this, '~standard', t);
      },
    },
  ),
  qn = (t, e) => (t.issues.length ? { issues: t.issues.map((r) => ee(r, e, C())) } : { value: t.value });
async function Ki(t, e) {
  const r = { async: !0 };
  return qn(await t._zod.run({ value: e, issues: [] }, r), r);
}
function Ui(t) {
  return {
    validate: (e) => {
      const r = { async: !1 };
      try {
        const n = t._zod.run({ value: e, issues: [] }, r);
        if (!(n instanceof Promise)) return qn(n, r);
      } catch {}
      return Ki(t, e);
    },
    vendor: 'zod',
    version: 1,
  };
}
var Er = h('$ZodString', (t, e) => {
    Z.init(t, e),
      (t._zod.pattern = e.pattern ?? Vn),
      (t._zod.parse = (r, n) => {
        if (e.coerce)
          try {
            r.value = String(r.value);
          } catch {}
        return (
          typeof r.value == 'string' ||
            r.issues.push({ expected: 'string', code: 'invalid_type', input: r.value, inst: t }),
          r
        );
      });
  }),
  _e = h('$ZodStringFormat', (t, e) => {
    Gn.init(t, e), Er.init(t, e);
  });
var Qn = h('$ZodISODateTime', (t, e) => {
    e.pattern ?? (e.pattern = Un(e)), _e.init(t, e);
  }),
  eo = h('$ZodISODate', (t, e) => {
    e.pattern ?? (e.pattern = Dn), _e.init(t, e);
  }),
  to = h('$ZodISOTime', (t, e) => {
    e.pattern ?? (e.pattern = Kn(e)), _e.init(t, e);
  }),
  ro = h('$ZodISODuration', (t, e) => {
    e.pattern ?? (e.pattern = Ln), _e.init(t, e);
  });
var no = h('$ZodUnknown', (t, e) => {
    Z.init(t, e), (t._zod.parse = (r) => r);
  }),
  oo = h('$ZodNever', (t, e) => {
    Z.init(t, e),
      (t._zod.parse = (r, n) => (
        r.issues.push({ expected: 'never', code: 'invalid_type', input: r.value, inst: t }), r
      ));
  });
function yt(t, e, r, n, o, i) {
  const s = r in n,
    a = i === 'optional';
  if (!(!s && a && o === 'optional')) {
    if (t.issues.length) {
      if (o !== void 0 && a && !s) return;
      e.issues.push(...ie(r, t.issues));
    }
    if (!s && o === void 0) {
      t.issues.length || e.issues.push({ code: 'invalid_type', expected: 'nonoptional', input: void 0, path: [r] });
      return;
    }
    t.value === void 0 ? (s || (o === 'defaulted' && !a)) && (e.value[r] = void 0) : (e.value[r] = t.value);
  }
}
var Vi = [];
function Fi(t) {
  const e = Object.keys(t.shape),
    r = Object.getOwnPropertySymbols(t.shape),
    n = r.length ? r : Vi,
    o = n.length ? [...e, ...n] : e;
  for (const s of o)
    if (!t.shape?.[s]?._zod?.traits?.has('$ZodType'))
      throw new Error(`Invalid element at key "${String(s)}": expected a Zod schema`);
  const i = Tn(t.shape);
  return { ...t, allKeys: o, symbolKeys: n, keySet: new Set(e), numKeys: e.length, optionalKeys: new Set(i) };
}
function ji(t, e, r, n, o, i, s) {
  let a = [],
    l = o.keySet,
    u = o.catchall._zod,
    c = u.def.type,
    d = u.optin,
    p = u.optout,
    f = 0;
  for (const m in e) {
    if (s && r.issues.length !== f) {
      if (oe(r, f)) break;
      f = r.issues.length;
    }
    if (l.has(m)) continue;
    if (m === '__proto__') {
      c === 'never' && a.push(m);
      continue;
    }
    if (c === 'never') {
      a.push(m);
      continue;
    }
    const _ = u.run({ value: e[m], issues: [] }, n);
    _ instanceof Promise ? t.push(_.then((k) => yt(k, r, m, e, d, p))) : yt(_, r, m, e, d, p);
  }
  return (
    a.length && r.issues.push({ code: 'unrecognized_keys', keys: a, input: e, inst: i, continue: !0 }),
    t.length ? Promise.all(t).then(() => r) : r
  );
}
var io = h('$ZodObject', (t, e) => {
  Z.init(t, e);
  const r = Object.getOwnPropertyDescriptor(e, 'shape'),
    n = r?.get ? r.get.raw : (e.shape ?? {});
  if (n) {
    const u = () => {
      const c = { ...n };
      return (Object.defineProperty(e, 'shape', { value: c }), (u.raw = c), c);
    };
    (u.raw = n), Object.defineProperty(e, 'shape', { get: u });
  }
  const o = En(() => Fi(e));
  se(t, 'propValues', (u) => {
    const c = u.def.shape,
      d = {};
    for (const p in c) {
      const f = c[p]._zod;
      if (f.values) {
        Object.hasOwn(d, p) || In(d, p, new Set());
        for (const m of f.values) d[p].add(m);
        f.optin !== void 0 && d[p].add(void 0);
      }
    }
    return d;
  });
  let i = gt,
    s = e.catchall,
    a,
    l = Me.memoizer;
  l?.attach(t),
    (t._zod.parse = (u, c) => {
      a ?? (a = o.value);
      const d = u.value;
      if (!i(d)) return (u.issues.push({ expected: 'object', code: 'invalid_type', input: d, inst: t }), u);
      u.value = l ? l.alloc(t, u, {}, c) : {};
      let p = [],
        f = a.shape,
        m = c?.abortEarly,
        _ = u.issues.length;
      for (const k of a.allKeys) {
        if (m && u.issues.length !== _) {
          if (oe(u, _)) break;
          _ = u.issues.length;
        }
        if (k === '__proto__') continue;
        const P = f[k],
          O = P._zod.optin,
          Cr = P._zod.optout,
          It = P._zod.run({ value: d[k], issues: [] }, c);
        It instanceof Promise ? p.push(It.then((Uo) => yt(Uo, u, k, d, O, Cr))) : yt(It, u, k, d, O, Cr);
      }
      return s ? ji(p, d, u, c, o.value, t, m === !0) : p.length ? Promise.all(p).then(() => u) : u;
    });
});
var so = h('$ZodRecord', (t, e) => {
  Z.init(t, e);
  const r = Me.memoizer;
  r?.attach(t),
    (t._zod.parse = (n, o) => {
      const i = n.value;
      if (!lr(i)) return (n.issues.push({ expected: 'record', code: 'invalid_type', input: i, inst: t }), n);
      const s = [],
        a = e.keyType._zod.values;
      if (a && !e.partial) {
        n.value = r ? r.alloc(t, n, {}, o) : {};
        const l = new Set();
        for (const c of a)
          if (typeof c == 'string' || typeof c == 'number' || typeof c == 'symbol') {
            if ((l.add(typeof c == 'number' ? c.toString() : c), c === '__proto__')) continue;
            const d = e.keyType._zod.run({ value: c, issues: [] }, o);
            if (d instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
            if (d.issues.length) {
              n.issues.push({
                code: 'invalid_key',
                origin: 'record',
                issues: d.issues.map((m) => ee(m, o, C())),
                input: c,
                path: [c],
                inst: t,
              });
              continue;
            }
            const p = d.value;
            if (p === '__proto__') continue;
            const f = e.valueType._zod.run({ value: i[c], issues: [] }, o);
            f instanceof Promise
              ? s.push(
                  f.then((m) => {
                    m.issues.length && n.issues.push(...ie(c, m.issues)), (n.value[p] = m.value);
                  }),
                )
              : (f.issues.length && n.issues.push(...ie(c, f.issues)), (n.value[p] = f.value));
          }
        let u;
        for (const c in i)
          if (!l.has(c))
            if (e.mode === 'loose') {
              if (c === '__proto__') continue;
              n.value[c] = i[c];
            } else (u = u ?? []), u.push(c);
        u && u.length > 0 && n.issues.push({ code: 'unrecognized_keys', input: i, inst: t, keys: u, continue: !0 });
      } else {
        n.value = r ? r.alloc(t, n, {}, o) : {};
        let l;
        for (const u of Reflect.ownKeys(i)) {
          if (u === '__proto__' || !Object.prototype.propertyIsEnumerable.call(i, u)) continue;
          let c = e.keyType._zod.run({ value: u, issues: [] }, o);
          if (c instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
          if (typeof u == 'string' && Fn.test(u) && c.issues.length) {
            const m = e.keyType._zod.run({ value: Number(u), issues: [] }, o);
            if (m instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
            m.issues.length === 0 && (c = m);
          }
          if (c.issues.length) {
            e.mode === 'loose'
              ? (n.value[u] = i[u])
              : a
                ? ((l = l ?? []), l.push(u))
                : n.issues.push({
                    code: 'invalid_key',
                    origin: 'record',
                    issues: c.issues.map((m) => ee(m, o, C())),
                    input: u,
                    path: [u],
                    inst: t,
                  });
            continue;
          }
          const p = c.value;
          if (p === '__proto__') continue;
          const f = e.valueType._zod.run({ value: i[u], issues: [] }, o);
          f instanceof Promise
            ? s.push(
                f.then((m) => {
                  m.issues.length && n.issues.push(...ie(u, m.issues)), (n.value[p] = m.value);
                }),
              )
            : (f.issues.length && n.issues.push(...ie(u, f.issues)), (n.value[p] = f.value));
        }
        l && l.length > 0 && n.issues.push({ code: 'unrecognized_keys', input: i, inst: t, keys: l, continue: !0 });
      }
      return s.length ? Promise.all(s).then(() => n) : n;
    });
});
var ao = h('$ZodEnum', (t, e) => {
  Z.init(t, e);
  const r = ar(e.entries),
    n = new Set(r);
  (t._zod.values = n),
    se(t, 'pattern', (o) => {
      const i = ar(o.def.entries).filter((s) => Pn.has(typeof s));
      return new RegExp(i.length ? `^(${i.map((s) => pr(s.toString())).join('|')})$` : '^[^\\s\\S]$');
    }),
    (t._zod.parse = (o, i) => {
      const s = o.value;
      return (n.has(s) || o.issues.push({ code: 'invalid_value', values: r, input: s, inst: t }), o);
    });
});
function Xn(t, e) {
  return ((t.value = e.issues.length ? void 0 : e.value), t);
}
var co = h('$ZodOptional', (t, e) => {
  Z.init(t, e),
    se(t, 'optin', (r) => (r.def.innerType._zod.optin === 'defaulted' ? 'defaulted' : 'optional')),
    (t._zod.optout = 'optional'),
    se(t, 'values', (r) => {
      const n = r.def.innerType._zod.values;
      return n ? new Set([...n, void 0]) : void 0;
    }),
    se(t, 'pattern', (r) => {
      const n = r.def.innerType._zod.pattern;
      return n ? new RegExp(`^(${kn(n.source)})?$`) : void 0;
    }),
    (t._zod.parse = (r, n) => {
      if (r.value === void 0) {
        if (e.innerType._zod.optin !== 'defaulted') return r;
        const o = e.innerType._zod.run({ value: r.value, issues: [] }, n);
        return o instanceof Promise ? o.then((i) => Xn(r, i)) : Xn(r, o);
      }
      return e.innerType._zod.run(r, n);
    });
});
var uo = h('$ZodDefault', (t, e) => {
  Z.init(t, e),
    (t._zod.optin = 'defaulted'),
    se(t, 'values', (r) => r.def.innerType._zod.values),
    (t._zod.parse = (r, n) => {
      if (n.direction === 'backward') return e.innerType._zod.run(r, n);
      if (r.value === void 0) return ((r.value = e.defaultValue), r);
      const o = e.innerType._zod.run(r, n);
      return o instanceof Promise ? o.then((i) => Jn(i, e)) : Jn(o, e);
    });
});
function Jn(t, e) {
  return (t.value === void 0 && (t.value = e.defaultValue), t);
}
function Bi(t) {
  return (t.checks && (t.checks = [...t.checks]), t);
}
function lo(t, e) {
  return new t(Bi({ type: 'string', ...A(e) }));
}
function po(t, e) {
  return new t({
    type: 'string',
    format: 'datetime',
    check: 'string_format',
    offset: !1,
    local: !1,
    precision: null,
    ...A(e),
  });
}
function fo(t, e) {
  return new t({ type: 'string', format: 'date', check: 'string_format', ...A(e) });
}
function mo(t, e) {
  return new t({ type: 'string', format: 'time', check: 'string_format', precision: null, ...A(e) });
}
function ho(t, e) {
  return new t({ type: 'string', format: 'duration', check: 'string_format', ...A(e) });
}
function go(t) {
  return new t({ type: 'unknown' });
}
function yo(t, e) {
  return new t({ type: 'never', ...A(e) });
}
function Fe(t, e) {
  return new Bn({ check: 'max_length', ...A(e), maximum: t });
}
function $(t, e) {
  return new Wn({ check: 'min_length', ...A(e), minimum: t });
}
var te = h(
    'ZodMiniType',
    (t, e) => {
      if (!t._zod) throw new Error('Uninitialized schema in ZodMiniType.');
      Z.init(t, e), (t.def = e), (t.type = e.type);
    },
    {
      get with() {
        return this.check;
      },
      set with(t) {
        ne(this, 'with', t);
      },
      parse(t, e) {
        return xr(this, t, e, { callee: this.parse });
      },
      parseAsync(t, e) {
        return wr(this, t, e, { callee: this.parseAsync });
      },
      safeParse(t, e) {
        return Ve(this, t, e);
      },
      safeParseAsync(t, e) {
        return br(this, t, e);
      },
      check(...t) {
        const e = this.def;
        return this.clone(
          {
            ...e,
            checks: [
              ...(e.checks ?? []),
              ...t.map((r) =>
                typeof r == 'function' ? { _zod: { check: r, def: { check: 'custom' }, onattach: [] } } : r,
              ),
            ],
          },
          { parent: !0 },
        );
      },
      clone(t, e) {
        return Ke(this, t, e);
      },
      brand() {
        return this;
      },
      register(t, e) {
        return (t.add(this, e), this);
      },
      apply(t, ...e) {
        return e.length === 0 ? t(this) : t(this, ...e);
      },
    },
  ),
  xo = h('ZodMiniString', (t, e) => {
    Er.init(t, e), te.init(t, e);
  });
function x(t) {
  return lo(xo, t);
}
var je = h('ZodMiniStringFormat', (t, e) => {
  _e.init(t, e), xo.init(t, e);
});
var Gi = h('ZodMiniUnknown', (t, e) => {
  no.init(t, e), te.init(t, e);
});
function $r() {
  return go(Gi);
}
var Hi = h('ZodMiniNever', (t, e) => {
  oo.init(t, e), te.init(t, e);
});
function Yi(t) {
  return yo(Hi, t);
}
var wo = h('ZodMiniObject', (t, e) => {
  io.init(t, e), te.init(t, e), Cn(t, 'shape', (r) => r._zod.def.shape, !1);
});
function vt(t, e) {
  return new wo({ type: 'object', shape: t, catchall: Yi(), ...A(e) });
}
function _t(t, e) {
  return new wo({ type: 'object', shape: t, catchall: $r(), ...A(e) });
}
var vo = h('ZodMiniRecord', (t, e) => {
  so.init(t, e), te.init(t, e);
});
function bo(t, e, r) {
  return !e || !e._zod
    ? new vo({ type: 'record', keyType: x(), valueType: t, ...A(e) })
    : new vo({ type: 'record', keyType: t, valueType: e, ...A(r) });
}
var Xi = h('ZodMiniEnum', (t, e) => {
  ao.init(t, e), te.init(t, e), (t.options = [...t._zod.values]);
});
function ae(t, e) {
  const r = Array.isArray(t) ? Object.fromEntries(t.map((n) => [n, n])) : t;
  return new Xi({ type: 'enum', entries: r, ...A(e) });
}
var Ji = h('ZodMiniOptional', (t, e) => {
  co.init(t, e), te.init(t, e);
});
function ce(t) {
  return new Ji({ type: 'optional', innerType: t });
}
var qi = h('ZodMiniDefault', (t, e) => {
  uo.init(t, e), te.init(t, e);
});
function xt(t, e) {
  return new qi({
    type: 'default',
    innerType: t,
    get defaultValue() {
      return typeof e == 'function' ? e() : dr(e);
    },
  });
}
var wt = {};
Nr(wt, {
  ZodMiniISODate: () => Ao,
  ZodMiniISODateTime: () => So,
  ZodMiniISODuration: () => $o,
  ZodMiniISOTime: () => Eo,
  date: () => ns,
  datetime: () => rs,
  duration: () => is,
  time: () => os,
});
var So = h('ZodMiniISODateTime', (t, e) => {
  Qn.init(t, e), je.init(t, e);
});
function rs(t) {
  return po(So, t);
}
var Ao = h('ZodMiniISODate', (t, e) => {
  eo.init(t, e), je.init(t, e);
});
function ns(t) {
  return fo(Ao, t);
}
var Eo = h('ZodMiniISOTime', (t, e) => {
  to.init(t, e), je.init(t, e);
});
function os(t) {
  return mo(Eo, t);
}
var $o = h('ZodMiniISODuration', (t, e) => {
  ro.init(t, e), je.init(t, e);
});
function is(t) {
  return ho($o, t);
}
C(vr());
function Be(t, e) {
  const r = Ve(t, e);
  if (r.success) return r.data;
  const n = r.error;
  throw ((n.name = 'ZodError'), Error.captureStackTrace(n, Be), n);
}
var ss = {
    createSecret: 'createSecret',
    create_secret: 'createSecret',
    setSecret: 'setSecret',
    set_secret: 'setSecret',
    testSecret: 'testSecret',
    test_secret: 'testSecret',
    finishSecret: 'finishSecret',
    finish_secret: 'finishSecret',
  },
  as = _t({
    Step: x(),
    SecretId: x().check($(1)),
    ClientRequestToken: x().check($(32), Fe(64)),
    RotationToken: ce(x()),
  });
function ko(t) {
  const e = as.safeParse(t);
  if (!e.success) {
    const n = e.error.issues.map((o) => `${o.path.join('.') || '(root)'}: ${o.message}`);
    throw new Se(`rotation event is not valid: ${n.join('; ')}`, n);
  }
  const r = ss[e.data.Step];
  if (!r) throw new Se(`unknown rotation step "${e.data.Step.slice(0, 40)}"`);
  return { step: r, secretId: e.data.SecretId, token: e.data.ClientRequestToken };
}
var kt = require('@aws-sdk/client-secrets-manager');
var kr = require('@aws-sdk/client-sns');
var cs = ['rotated', 'revoked', 'rotation-due'],
  Io = vt({
    event: ae(cs),
    secretName: x().check($(1)),
    versionId: x().check($(1)),
    previousVersionId: ce(x().check($(1))),
    mode: ce(ae(['scheduled', 'emergency', 'abuse'])),
    at: wt.datetime(),
  }),
  St = { secretName: 'secretName', event: 'event', version: 'version' };
async function Po(t, e, r) {
  const n = Be(Io, r);
  await t.send(
    new kr.PublishCommand({
      TopicArn: e,
      Message: JSON.stringify(n),
      MessageAttributes: {
        [St.secretName]: { DataType: 'String', StringValue: n.secretName },
        [St.event]: { DataType: 'String', StringValue: n.event },
        [St.version]: { DataType: 'String', StringValue: n.versionId },
      },
    }),
  );
}
async function We(t, e, r) {
  const n = Ce(JSON.stringify({ ...r, at: new Date().toISOString() }));
  await t.send(
    new kr.PublishCommand({
      TopicArn: e,
      Subject: `rekey: ${r.kind}`.slice(0, 100),
      Message: n,
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: r.kind },
        ...(r.secretName ? { secretName: { DataType: 'String', StringValue: r.secretName } } : {}),
      },
    }),
  );
}
var us = _t({
  apiKey: x().check($(1)),
  keyId: x(),
  provider: ae(Ot),
  createdAt: x(),
  options: xt(bo(x(), $r()), {}),
  adminSecretId: ce(x()),
});
function Ir(t, e) {
  if (t === void 0) throw new le(`${e} has no SecretString`);
  let r;
  try {
    r = JSON.parse(t);
  } catch {
    throw new le(`${e} is not JSON`);
  }
  const n = us.safeParse(r);
  if (!n.success) {
    const o = n.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new le(`${e} does not have rekey's shape (bad fields: ${o})`);
  }
  return n.data;
}
function To(t) {
  return JSON.stringify(t);
}
var B = require('@aws-sdk/client-secrets-manager');
async function ue(t, e) {
  return t.send(new B.DescribeSecretCommand({ SecretId: e }));
}
function W(t, e) {
  return Object.entries(t ?? {}).find(([, r]) => r.includes(e))?.[0];
}
async function At(t, e, r) {
  const n = await t.send(new B.GetSecretValueCommand({ SecretId: e, VersionStage: r.stage, VersionId: r.versionId })),
    o = Ir(n.SecretString, `secret ${e} version ${n.VersionId ?? r.stage}`);
  return (T(o.apiKey), o);
}
async function Ge(t, e, r) {
  try {
    return await At(t, e, r);
  } catch (n) {
    if (n instanceof B.ResourceNotFoundException || n.name === 'ResourceNotFoundException') return;
    throw n;
  }
}
async function Ro(t, e) {
  let n = (await t.send(new B.GetSecretValueCommand({ SecretId: e, VersionStage: 'AWSCURRENT' }))).SecretString ?? '',
    o = n;
  if (n.trim().startsWith('{')) {
    const i = JSON.parse(n);
    o = String(i.apiKey ?? i.token ?? '');
  }
  return (T(o), o);
}
async function G(t, e, r) {
  let n;
  try {
    n = await t.send(new B.GetSecretValueCommand({ SecretId: e, VersionId: r }));
  } catch (i) {
    if (i instanceof B.ResourceNotFoundException || i.name === 'ResourceNotFoundException') return;
    throw i;
  }
  if (n.SecretString === void 0) return;
  const o = Ir(n.SecretString, `secret ${e} version ${r}`);
  return (T(o.apiKey), o);
}
var Tr = require('@aws-sdk/client-secrets-manager');
var zo = require('node:crypto'),
  Et = require('@aws-sdk/client-sfn');
var ls = vt({
  secretName: x().check($(1)),
  oldVersionId: x().check($(1)),
  newVersionId: x().check($(1)),
  mode: ae(['scheduled', 'emergency', 'abuse']),
  reason: xt(x().check(Fe(500)), ''),
});
function ds(t, e = 0) {
  const r = (0, zo.createHash)('sha256')
      .update(`${t.secretName}
${t.oldVersionId}`)
      .digest('hex')
      .slice(0, 32),
    n = t.secretName.replace(/[^A-Za-z0-9_-]/g, '-').slice(-30),
    o = `${t.mode}-${n}-${r}`,
    i = e > 0 ? `-r${e}` : '';
  return `${o.slice(0, 80 - i.length)}${i}`;
}
async function Co(t, e, r) {
  const n = Be(ls, r);
  try {
    return (
      await t.send(new Et.StartExecutionCommand({ stateMachineArn: e, name: ds(n), input: JSON.stringify(n) })), !0
    );
  } catch (o) {
    if (o instanceof Et.ExecutionAlreadyExists || o.name === 'ExecutionAlreadyExists') return !1;
    throw o;
  }
}
var No = require('node:crypto');
function Zo(t) {
  return (0, No.createHash)('sha256').update(t, 'utf8').digest('hex');
}
function Oo(t) {
  const e = t.slice(0, 12),
    r = Math.max(e.lastIndexOf('-'), e.lastIndexOf('_'));
  return `${r >= 0 ? e.slice(0, r + 1) : t.slice(0, 4)}\u2026${t.slice(-4)}`;
}
var xe = 'testedAt',
  He = 'mintStartedAt',
  Pr = 'discardedAt';
function we(t, e, r, n) {
  return {
    secretName: t,
    ...(e ? { secretArn: e } : {}),
    versionId: r,
    keyId: n.keyId,
    provider: n.provider,
    fingerprint: Zo(n.apiKey),
    keyHint: Oo(n.apiKey),
    createdAt: n.createdAt,
  };
}
function be(t, e, r, n, o = {}) {
  return {
    secretName: t,
    token: e,
    options: r.options,
    adminCredential: async () => {
      if (!r.adminSecretId) throw new E(`secret ${t} names no adminSecretId`);
      return Ro(n.sm, r.adminSecretId);
    },
    ...(o.currentKeyId ? { currentKeyId: o.currentKeyId } : {}),
    ...(o.previousKeyId ? { previousKeyId: o.previousKeyId } : {}),
  };
}
async function Rr(t, e, r) {
  await t.revokeKey(e, r), t.deleteKey && (await t.deleteKey(e, r));
}
async function Lo(t, e, r, n) {
  ((await ue(t.sm, e)).VersionIdsToStages ?? {})[n]?.includes(r) &&
    (await t.sm.send(new Tr.UpdateSecretVersionStageCommand({ SecretId: e, VersionStage: r, RemoveFromVersionId: n })));
}
async function $t(t, e, r, n, o, i, s) {
  const a = o[r] ?? [];
  if (a.includes('AWSCURRENT') || a.includes('AWSPREVIOUS'))
    throw new E(`refusing to abandon version ${r} of ${t}: it is ${a.join(', ')}`);
  const l = W(o, 'AWSCURRENT'),
    u = W(o, 'AWSPREVIOUS'),
    c = l ? await Ge(i.sm, t, { stage: 'AWSCURRENT', versionId: l }) : void 0,
    d = u ? await Ge(i.sm, t, { stage: 'AWSPREVIOUS', versionId: u }).catch(() => {}) : void 0,
    p = i.providerFor(n.provider),
    f = be(t, r, n, i, { currentKeyId: c?.keyId, previousKeyId: d?.keyId });
  n.keyId !== c?.keyId && n.keyId !== d?.keyId && (await Rr(p, f, { keyId: n.keyId, apiKey: n.apiKey, versionId: r })),
    await i.inventory.recordVersion(we(t, e, r, n), 'abandoned', s),
    v.warn('abandoned a version that can never become current', {
      secretName: t,
      versionId: r,
      keyId: n.keyId,
      reason: s,
    });
}
async function Ye(t, e, r, n, o) {
  const i = await n.inventory.listVersions(t),
    a = (await ue(n.sm, t)).VersionIdsToStages ?? {};
  a[e]?.includes('AWSPENDING') &&
    (await n.sm.send(
      new Tr.UpdateSecretVersionStageCommand({ SecretId: t, VersionStage: 'AWSPENDING', RemoveFromVersionId: e }),
    ));
  const l = o ?? W(a, 'AWSPREVIOUS'),
    u = i.find((d) => d.versionId === e),
    c = u?.mode ?? 'scheduled';
  if (l && l !== e) {
    const d = await Co(n.sfn, n.stateMachineArn, {
      secretName: t,
      oldVersionId: l,
      newVersionId: e,
      mode: c,
      reason: u?.reason ?? `${c} rotation`,
    });
    v.info(d ? 'revocation workflow started' : 'revocation workflow was already started', {
      secretName: t,
      oldVersionId: l,
      mode: c,
    });
  }
  u?.status !== 'current' &&
    (await Po(n.sns, n.fleetTopicArn, {
      event: 'rotated',
      secretName: t,
      versionId: e,
      ...(l ? { previousVersionId: l } : {}),
      mode: c,
      at: (n.now?.() ?? new Date()).toISOString(),
    }),
    l && (await n.inventory.transition(t, l, 'previous', `replaced by ${e}`)),
    await n.inventory.transition(t, e, 'current', `${c} rotation`, r ? { secretArn: r } : {}));
  for (const d of i) {
    if (d.status !== 'pending' || d.versionId === e || (a[d.versionId] ?? []).length > 0) continue;
    const p = await G(n.sm, t, d.versionId);
    p && (await $t(t, r, d.versionId, p, a, n, `lost to ${e}`));
  }
  v.info('rotation finished', { secretName: t, versionId: e, previousVersionId: l });
}
async function Mo(t, e, r, n, o, i) {
  let s = await i.inventory.listVersions(t.secretName),
    a = e,
    l = s.find((u) => u.versionId === r.versionId);
  if (l?.[xe] && l.status !== 'current') {
    v.warn('finishing a rotation Secrets Manager gave up on after AWSCURRENT moved', {
      secretName: t.secretName,
      versionId: r.versionId,
      status: l.status,
    });
    const u = W(e, 'AWSPREVIOUS');
    await Ye(t.secretName, r.versionId, t.secretArn, i, u),
      (a = (await ue(i.sm, t.secretName)).VersionIdsToStages ?? {});
  }
  for (const u of s)
    if (
      !(u.versionId === t.token || !u[He] || u[Pr]) &&
      !(u.status !== 'requested' && u.status !== 'abandoned') &&
      !((a[u.versionId] ?? []).length > 0) &&
      !(await G(i.sm, t.secretName, u.versionId))
    ) {
      v.warn('discarding a key a given-up rotation minted but never stored', {
        secretName: t.secretName,
        versionId: u.versionId,
      });
      try {
        await i.inventory.transition(
          t.secretName,
          u.versionId,
          'abandoned',
          'rotation given up before its key was stored',
        ),
          o.discardUnstored &&
            (await o.discardUnstored(
              be(t.secretName, u.versionId, r.value, i, { currentKeyId: r.value.keyId, previousKeyId: n }),
            )),
          await i.inventory.annotate(t.secretName, u.versionId, { [Pr]: (i.now?.() ?? new Date()).toISOString() });
      } catch (c) {
        if (!(c instanceof g) || c.retryable) throw c;
        v.error('could not discard the key a given-up rotation minted', {
          secretName: t.secretName,
          versionId: u.versionId,
          error: c,
        }),
          await We(i.sns, i.opsTopicArn, {
            kind: 'rotation-failed',
            summary: `${o.name} refused to discard the key a given-up rotation of ${t.secretName} minted under ${u.versionId}; revoke it at the provider`,
            secretName: t.secretName,
            details: { versionId: u.versionId, error: c.message },
          });
      }
    }
  return a;
}
async function Do(t, e) {
  const r = await ue(e.sm, t.secretId),
    n = r.Name ?? t.secretId;
  if (!n.startsWith(e.secretPrefix)) throw new qe(`secret ${n} is not managed by rekey (prefix ${e.secretPrefix})`);
  if (!r.RotationEnabled) throw new E(`secret ${n} does not have rotation enabled`);
  const o = r.VersionIdsToStages ?? {},
    i = o[t.token] ?? [];
  if (i.includes('AWSCURRENT'))
    return (
      t.step === 'finishSecret' && (await Ye(n, t.token, r.ARN, e)),
      v.info('version is already AWSCURRENT', { step: t.step, secretName: n, versionId: t.token }),
      'already-current'
    );
  if (!i.includes('AWSPENDING')) {
    if (i.length > 0) throw new E(`version ${t.token} of ${n} is not AWSPENDING`);
    const a = await G(e.sm, n, t.token);
    if (a)
      throw (
        await $t(n, r.ARN, t.token, a, o, e, 'lost AWSPENDING'),
        new E(
          `version ${t.token} of ${n} is no longer AWSPENDING (another rotation took over, or its test failed); its key is revoked`,
        )
      );
    if (t.step !== 'createSecret') throw new E(`secret ${n} has no version ${t.token} to rotate to`);
  }
  const s = { secretName: n, secretArn: r.ARN, token: t.token, stages: o };
  switch (t.step) {
    case 'createSecret':
      return ps(s, e);
    case 'setSecret':
      return fs(s);
    case 'testSecret':
      return ms(s, e);
    case 'finishSecret':
      return hs(s, e);
  }
}
async function zr(t, e, r) {
  const n = W(e.stages, r);
  if (!n) return;
  const o =
    r === 'AWSCURRENT'
      ? await At(t.sm, e.secretName, { stage: r, versionId: n })
      : await Ge(t.sm, e.secretName, { stage: r, versionId: n }).catch(() => {});
  return o ? { versionId: n, value: o } : void 0;
}
async function ps(t, e) {
  const r = await zr(e, t, 'AWSCURRENT');
  if (!r) throw new E(`secret ${t.secretName} has no AWSCURRENT version to rotate from`);
  const n = await zr(e, t, 'AWSPREVIOUS');
  (await e.inventory.getVersion(t.secretName, r.versionId))?.fingerprint ||
    (await e.inventory.recordVersion(we(t.secretName, t.secretArn, r.versionId, r.value), 'current'));
  const o = e.providerFor(r.value.provider),
    i = be(t.secretName, t.token, r.value, e, { currentKeyId: r.value.keyId, previousKeyId: n?.value.keyId }),
    s = await Mo(t, t.stages, r, n?.value.keyId, o, e),
    a = await G(e.sm, t.secretName, t.token);
  if (a)
    return (
      await e.inventory.recordVersion(we(t.secretName, t.secretArn, t.token, a), 'pending'),
      await o.keyStored?.(i, { keyId: a.keyId, versionId: t.token }),
      v.info('pending version already holds a key', { secretName: t.secretName, versionId: t.token }),
      'already-created'
    );
  const l = Object.entries(s).find(
    ([f, m]) => m.includes('AWSPENDING') && !m.includes('AWSCURRENT') && f !== t.token,
  )?.[0];
  if (l) throw new E(`rotation to version ${l} of ${t.secretName} is in flight; not starting ${t.token}`);
  const u = await e.inventory.getVersion(t.secretName, t.token);
  if (u?.status === 'abandoned' || u?.status === 'revoked')
    throw new E(`version ${t.token} of ${t.secretName} was ${String(u.status)}; a new rotation needs a new token`);
  if (!o.mintsKeys)
    throw (
      await We(e.sns, e.opsTopicArn, {
        kind: 'rotation-due',
        summary: `a new ${o.name} key is due for ${t.secretName}; supply it with: rekey put ${t.secretName}`,
        secretName: t.secretName,
        details: { versionId: t.token },
      }),
      new ge(o.name, `${t.secretName} waits for an operator to supply its next key`)
    );
  if (!u?.[He]) {
    const f = { [He]: (e.now?.() ?? new Date()).toISOString() };
    (await e.inventory.transition(t.secretName, t.token, 'requested', 'minting', f)) ||
      (await e.inventory.annotate(t.secretName, t.token, f));
  }
  const c = await o.createKey(i);
  T(c.apiKey);
  const d = { ...r.value, apiKey: c.apiKey, keyId: c.keyId, createdAt: (e.now?.() ?? new Date()).toISOString() },
    p = { keyId: c.keyId, apiKey: c.apiKey, versionId: t.token };
  try {
    await e.sm.send(
      new kt.PutSecretValueCommand({
        SecretId: t.secretName,
        ClientRequestToken: t.token,
        SecretString: To(d),
        VersionStages: ['AWSPENDING'],
      }),
    );
  } catch (f) {
    if ((await G(e.sm, t.secretName, t.token).catch(() => {}))?.keyId !== c.keyId)
      throw (
        v.error('storing the new key failed; discarding it at the provider', {
          secretName: t.secretName,
          versionId: t.token,
          keyId: c.keyId,
          error: f,
        }),
        await Rr(o, i, p),
        f
      );
  }
  return (
    await e.inventory.recordVersion(we(t.secretName, t.secretArn, t.token, d), 'pending'),
    await o.keyStored?.(i, p),
    v.info('created pending key', { secretName: t.secretName, versionId: t.token, keyId: c.keyId }),
    'created'
  );
}
function fs(t) {
  return (
    v.info('setSecret: key is live at the provider since creation', { secretName: t.secretName, versionId: t.token }),
    'set'
  );
}
async function ms(t, e) {
  const r = await At(e.sm, t.secretName, { stage: 'AWSPENDING', versionId: t.token }),
    n = await zr(e, t, 'AWSCURRENT'),
    o = e.providerFor(r.provider),
    i = be(t.secretName, t.token, r, e, { currentKeyId: n?.value.keyId }),
    s = { apiKey: r.apiKey, keyId: r.keyId, versionId: t.token };
  try {
    await o.testKey(i, s);
  } catch (a) {
    if (!(a instanceof w)) throw a;
    await Lo(e, t.secretName, 'AWSPENDING', t.token);
    const l = { ...t.stages, [t.token]: [] };
    throw (
      await $t(t.secretName, t.secretArn, t.token, r, l, e, 'failed testSecret'),
      await We(e.sns, e.opsTopicArn, {
        kind: 'rotation-failed',
        summary: `the new key for ${t.secretName} failed its test and was revoked; AWSCURRENT is unchanged`,
        secretName: t.secretName,
        details: { versionId: t.token, keyId: r.keyId, error: a.message },
      }),
      a
    );
  }
  return (
    await e.inventory.annotate(t.secretName, t.token, { [xe]: (e.now?.() ?? new Date()).toISOString() }),
    v.info('pending key passed its test', { secretName: t.secretName, versionId: t.token }),
    'tested'
  );
}
async function hs(t, e) {
  if (!(await e.inventory.getVersion(t.secretName, t.token))?.[xe])
    throw new E(`version ${t.token} of ${t.secretName} has not passed testSecret`);
  const n = W(t.stages, 'AWSCURRENT');
  return (
    await e.sm.send(
      new kt.UpdateSecretVersionStageCommand({
        SecretId: t.secretName,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: t.token,
        RemoveFromVersionId: n,
      }),
    ),
    await Ye(t.secretName, t.token, t.secretArn, e, n),
    'finished'
  );
}
function Ko() {
  const t = Fr();
  return {
    sm: t.sm,
    sns: t.sns,
    sfn: t.sfn,
    inventory: new tt(t.doc, pe(H.inventoryTable)),
    providerFor: xn({ secretsManager: t.sm }),
    fleetTopicArn: pe(H.fleetTopicArn),
    opsTopicArn: pe(H.opsTopicArn),
    stateMachineArn: pe(H.revocationStateMachineArn),
    secretPrefix: pe(H.secretPrefix),
  };
}
async function gs(t, e) {
  e && v.addContext(e);
  try {
    const r = ko(t);
    v.appendKeys({ step: r.step, secretId: r.secretId, versionId: r.token });
    const n = await Do(r, Ko());
    v.info('rotation step done', { outcome: n });
  } catch (r) {
    throw (v.error('rotation step failed', { error: r }), r);
  } finally {
    v.resetKeys(), pn();
  }
}
0 && (module.exports = { fromEnvironment, handler });
/*! Bundled license information:

@aws-lambda-powertools/logger/lib/esm/logBuffer.js:
@aws-lambda-powertools/logger/lib/esm/Logger.js:
  (* v8 ignore next -- @preserve *)
*/
//# sourceMappingURL=index.js.map
