'use strict';
var Ao = Object.create;
var Ae = Object.defineProperty;
var So = Object.getOwnPropertyDescriptor;
var ko = Object.getOwnPropertyNames;
var To = Object.getPrototypeOf,
  Po = Object.prototype.hasOwnProperty;
var Io = (t, e) => {
    for (var r in e) Ae(t, r, { get: e[r], enumerable: !0 });
  },
  ur = (t, e, r, n) => {
    if ((e && typeof e == 'object') || typeof e == 'function')
      for (const o of ko(e))
        !Po.call(t, o) && o !== r && Ae(t, o, { get: () => e[o], enumerable: !(n = So(e, o)) || n.enumerable });
    return t;
  };
var Zo = (t, e, r) => (
    (r = t != null ? Ao(To(t)) : {}),
    ur(e || !t || !t.__esModule ? Ae(r, 'default', { value: t, enumerable: !0 }) : r, t)
  ),
  Co = (t) => ur(Ae({}, '__esModule', { value: !0 }), t);
var as = {};
Io(as, { fromEnvironment: () => $o, handler: () => us });
module.exports = Co(as);
var wo = require('@aws-sdk/client-eventbridge');
var pr = require('@aws-sdk/client-dynamodb'),
  fr = require('@aws-sdk/client-secrets-manager'),
  dr = require('@aws-sdk/client-sfn'),
  mr = require('@aws-sdk/client-sns'),
  hr = require('@aws-sdk/lib-dynamodb');
var ar = require('node:async_hooks'),
  Ro = new ar.AsyncLocalStorage();
function ot() {
  return Ro.getStore();
}
function Se() {
  const t = ot();
  return t ? { credentials: t.credentials } : {};
}
var gr = it(() => {
    const t = Se(),
      e = new pr.DynamoDBClient(t);
    return {
      sm: new fr.SecretsManagerClient(t),
      sns: new mr.SNSClient(t),
      sfn: new dr.SFNClient(t),
      ddb: e,
      doc: hr.DynamoDBDocumentClient.from(e, { marshallOptions: { removeUndefinedValues: !0 } }),
    };
  }),
  lr = 0;
function it(t) {
  const e = new Map();
  return () => {
    let r = ot()?.id ?? '',
      n = e.get(r);
    return (n?.generation !== lr && ((n = { generation: lr, value: t() }), e.set(r, n)), n.value);
  };
}
var ie = class extends Error {
  constructor(e, r) {
    super(e, r), (this.name = 'RekeyError');
  }
};
var ke = class extends ie {
  constructor(e, r) {
    super(e, r), (this.name = 'ConfigurationError');
  }
};
var j = {
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
  },
  G = { eventBusName: 'default', githubApiBaseUrl: 'https://api.github.com' };
var lt = 'Secret Exposed',
  st = { source: 'rekey.scanner', detailType: lt },
  q = { source: 'rekey.github', detailType: lt },
  ct = {
    source: 'aws.health',
    detailTypes: ['AWS Health Event', 'AWS Health Abuse Event'],
    eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED',
  },
  ut = {
    source: 'aws.securityhub',
    detailTypes: ['Security Hub Findings - Imported'],
    resourceType: 'AwsIamAccessKey',
  },
  at = { source: 'aws.guardduty', detailTypes: ['GuardDuty Finding'], resourceType: 'AccessKey' },
  Lo = [
    { source: st.source, detailTypes: [st.detailType] },
    { source: q.source, detailTypes: [q.detailType] },
    { source: ct.source, detailTypes: ct.detailTypes },
    { source: ut.source, detailTypes: ut.detailTypes },
    { source: at.source, detailTypes: at.detailTypes },
  ];
var J = {
    inventoryTableName: 'InventoryTableName',
    fleetTopicArn: 'FleetTopicArn',
    opsTopicArn: 'OpsTopicArn',
    revocationStateMachineArn: 'RevocationStateMachineArn',
    secretPrefix: 'SecretPrefix',
    operatorPolicyArn: 'OperatorPolicyArn',
  },
  Oo = [J.inventoryTableName, J.fleetTopicArn, J.opsTopicArn, J.revocationStateMachineArn, J.secretPrefix];
var Q = { generated: 'generated', awsIam: 'aws-iam', openai: 'openai', anthropic: 'anthropic', http: 'http' },
  No = [Q.generated, Q.awsIam, Q.openai, Q.anthropic, Q.http];
function Te(t) {
  const e = process.env[t];
  if (e === void 0 || e === '') throw new ke(`environment variable ${t} is not set`);
  return e;
}
var pt = { PRETTY: 4, COMPACT: 0 };
var x = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 },
  _r = ['level', 'message', 'sampling_rate', 'service', 'timestamp'],
  xr = 'Uncaught error detected, flushing log buffer before exit';
var B = {
    REQUEST_ID: Symbol.for('_AWS_LAMBDA_REQUEST_ID'),
    X_RAY_TRACE_ID: Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID'),
    TENANT_ID: Symbol.for('_AWS_LAMBDA_TENANT_ID'),
    TRACEPARENT: Symbol.for('_AWS_LAMBDA_TRACEPARENT'),
    TRACESTATE: Symbol.for('_AWS_LAMBDA_TRACESTATE'),
    BAGGAGE: Symbol.for('_AWS_LAMBDA_BAGGAGE'),
  },
  ft = ['true', '1'].includes(process.env?.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? '');
ft || (globalThis.awslambda = globalThis.awslambda || {});
var Pe = class {
    static PROTECTED_KEYS = B;
    isProtectedKey(e) {
      return Object.values(B).includes(e);
    }
    getRequestId() {
      return this.get(B.REQUEST_ID) ?? '-';
    }
    getXRayTraceId() {
      return this.get(B.X_RAY_TRACE_ID);
    }
    getTenantId() {
      return this.get(B.TENANT_ID);
    }
    getTraceparent() {
      return this.get(B.TRACEPARENT);
    }
    getTracestate() {
      return this.get(B.TRACESTATE);
    }
    getBaggage() {
      return this.get(B.BAGGAGE);
    }
  },
  dt = class extends Pe {
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
  mt = class t extends Pe {
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
  yr;
((t) => {
  let e = null;
  async function r(n) {
    return (
      e ||
        (e = (async () => {
          const i = n === !0 || 'AWS_LAMBDA_MAX_CONCURRENCY' in process.env ? await mt.create() : new dt();
          return !ft && globalThis.awslambda?.InvokeStore
            ? globalThis.awslambda.InvokeStore
            : (!ft && globalThis.awslambda && (globalThis.awslambda.InvokeStore = i), i);
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
})(yr || (yr = {}));
var ht = 'AWS_LAMBDA_INITIALIZATION_TYPE',
  br = 'AWS_LAMBDA_MAX_CONCURRENCY',
  vr = 'POWERTOOLS_DEV';
var zr = '_X_AMZN_TRACE_ID';
var E = ({ key: t, defaultValue: e, errorMessage: r }) => {
    const n = process.env[t];
    if (n === void 0) {
      if (e !== void 0) return e;
      throw r ? new Error(r) : new Error(`Environment variable ${t} is required`);
    }
    return n.trim();
  },
  wr = ({ key: t, defaultValue: e, errorMessage: r }) => {
    const n = E({ key: t, defaultValue: String(e), errorMessage: r }),
      o = Number(n);
    if (Number.isNaN(o)) throw new TypeError(`Environment variable ${t} must be a number`);
    return o;
  },
  Mo = new Set(['1', 'y', 'yes', 't', 'true', 'on']),
  Do = new Set(['0', 'n', 'no', 'f', 'false', 'off']),
  gt = ({ key: t, defaultValue: e, errorMessage: r, extendedParsing: n }) => {
    const i = E({ key: t, defaultValue: String(e), errorMessage: r }).toLowerCase();
    if (n) {
      if (Mo.has(i)) return !0;
      if (Do.has(i)) return !1;
    }
    if (i !== 'true' && i !== 'false') throw new Error(`Environment variable ${t} must be a boolean`);
    return i === 'true';
  },
  se = () => {
    try {
      return gt({ key: vr, extendedParsing: !0 });
    } catch {
      return !1;
    }
  };
var Uo = () => {
  const t = globalThis.awslambda?.InvokeStore?.getXRayTraceId() ?? E({ key: zr, defaultValue: '' });
  if (t === '') return;
  if (!t.includes('=')) return { Root: t };
  const e = {};
  for (const r of t.split(';')) {
    const [n, o] = r.split('=');
    e[n] = o;
  }
  return e;
};
var $r = () => E({ key: br, defaultValue: '' }) !== '',
  ce = () => Uo()?.Root;
var ue = class {
  #e = !1;
  formatError(e) {
    const { name: r, message: n, stack: o, cause: i, ...s } = e,
      c = {
        name: r,
        location: this.getCodeLocation(e.stack),
        message: n,
        stack:
          se() && typeof o == 'string'
            ? o?.split(`
`)
            : o,
        cause: i instanceof Error ? this.formatError(i) : i,
      };
    for (const u in e) typeof u == 'string' && !['name', 'message', 'stack', 'cause'].includes(u) && (c[u] = s[u]);
    return c;
  }
  formatTimestamp(e) {
    const n = E({ key: 'TZ', defaultValue: '' });
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
        hour: c,
        minute: u,
        second: l,
      } = this.#i(n)
        .formatToParts(e)
        .reduce((A, R) => ((A[R.type] = R.value), A), {}),
      a = `${o}-${i}-${s}T${c}:${u}:${l}`,
      d = n === r ? -e.getTimezoneOffset() : 0,
      m = d >= 0 ? '+' : '-',
      h = Math.abs(Math.floor(d / 60))
        .toString()
        .padStart(2, '0'),
      g = Math.abs(d % 60)
        .toString()
        .padStart(2, '0'),
      y = e.getMilliseconds().toString().padStart(3, '0'),
      $ = `${m}${h}:${g}`;
    return `${a}.${y}${$}`;
  }
};
var Ie = '2.36.0';
var sc = process.env.AWS_EXECUTION_ENV || 'NA';
var Fo = new Set(['__proto__', 'constructor']),
  ae = (t) => {
    if (typeof t != 'object' || t === null) return !1;
    const e = Object.getPrototypeOf(t);
    return e === Object.prototype || e === null;
  },
  jo = (t, e) => {
    if (ae(t)) {
      const r = {};
      return (e.push(t), le(r, t, e), e.pop(), { skip: !1, value: r });
    }
    if (Array.isArray(t)) {
      if (e.includes(t)) return { skip: !0 };
      const r = [];
      return (e.push(t), Ze(r, t, e), e.pop(), { skip: !1, value: r });
    }
    return { skip: !1, value: t };
  },
  Bo = (t, e, r, n) => {
    const o = t[e],
      i = ae(r);
    if (!(i && n.includes(r))) {
      if (i && ae(o)) {
        n.push(r), le(o, r, n), n.pop();
        return;
      }
      if (Array.isArray(r) && Array.isArray(o)) {
        n.includes(r) || (n.push(r), Ze(o, r, n), n.pop());
        return;
      }
      if (r !== void 0 || o === void 0) {
        const s = jo(r, n);
        s.skip || (t[e] = s.value);
      }
    }
  },
  Ze = (t, e, r) => {
    for (let n = 0; n < e.length; n++) Bo(t, n, e[n], r);
  },
  Vo = (t, e, r, n, o) => {
    if (!Array.isArray(n)) {
      const i = [];
      Ze(i, r, o), (t[e] = i);
      return;
    }
    Ze(n, r, o);
  },
  Ko = (t, e, r, n, o) => {
    if (ae(n)) {
      le(n, r, o);
      return;
    }
    const i = {};
    le(i, r, o), (t[e] = i);
  },
  le = (t, e, r) => {
    for (const n of Object.keys(e)) {
      if (Fo.has(n)) continue;
      const o = e[n],
        i = t[n];
      if (Array.isArray(o)) {
        if (r.includes(o)) continue;
        r.push(o), Vo(t, n, o, i, r), r.pop();
        continue;
      }
      if (ae(o)) {
        if (r.includes(o)) continue;
        r.push(o), Ko(t, n, o, i, r), r.pop();
        continue;
      }
      (o !== void 0 || i === void 0) && (t[n] = o);
    }
  },
  L = (t, ...e) => {
    const r = [t];
    for (const n of e) n != null && (r.push(n), le(t, n, r), r.pop());
    return t;
  };
var Ce = 'powertools-for-aws',
  Er = `${Ce}.tracer`,
  Ar = `${Ce}.metrics`,
  Sr = `${Ce}.logger`,
  kr = `${Ce}.idempotency`;
var _t = (t) => typeof t == 'string';
var Tr = (t) => Object.is(t, null),
  xt = (t) => Tr(t) || Object.is(t, void 0);
var pe = class {
  #e;
  coldStart = !0;
  defaultServiceName = 'service_undefined';
  constructor() {
    (this.#e = this.getInitializationType()), this.#e !== 'on-demand' && (this.coldStart = !1);
  }
  getInitializationType() {
    const e = process.env[ht]?.trim();
    return e === 'on-demand' ? 'on-demand' : e === 'provisioned-concurrency' ? 'provisioned-concurrency' : 'unknown';
  }
  getColdStart() {
    return this.#e !== 'on-demand' ? !1 : this.coldStart ? ((this.coldStart = !1), !0) : !1;
  }
  isValidServiceName(e) {
    return typeof e == 'string' && e.trim().length > 0;
  }
};
var Wo = process.env.AWS_EXECUTION_ENV || 'NA';
if (!process.env.AWS_SDK_UA_APP_ID?.includes('/PTEnv/')) {
  const t = `PT/NO-OP/${Ie}/PTEnv/${Wo}`;
  process.env.AWS_SDK_UA_APP_ID = process.env.AWS_SDK_UA_APP_ID ? `${process.env.AWS_SDK_UA_APP_ID}/${t}` : t;
}
var ee = class {
  attributes = {};
  constructor(e) {
    this.setAttributes(e.attributes);
  }
  addAttributes(e) {
    return (L(this.attributes, e), this);
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
var Pr = require('node:console'),
  Ir = require('node:crypto');
var Re = class extends ue {
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
    if (this.#e === void 0) return new ee({ attributes: n }).addAttributes(r);
    const o = {};
    for (const s of this.#e) s in n && !(s in o) ? (o[s] = n[s]) : s in r && !(s in o) && (o[s] = r[s]);
    for (const s in n) s in o || (o[s] = n[s]);
    for (const s in r) s in o || (o[s] = r[s]);
    return new ee({ attributes: o });
  }
};
var O = class {
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
    if (!$r()) return;
    const e = globalThis.awslambda?.InvokeStore;
    if (e === void 0) throw new Error('InvokeStore is not available');
    return e.hasContext() ? e : void 0;
  }
};
var Le = class {
  #e = new O('powertools.logger.temporaryAttributes', { fresh: () => ({}) });
  #t = new O('powertools.logger.keys', { fresh: () => new Map() });
  #i = new O('powertools.logger.lambdaContext', { initial: void 0 });
  #r = {};
  #s() {
    return this.#e.get();
  }
  #c() {
    return this.#t.get();
  }
  appendTemporaryKeys(e) {
    const r = this.#s();
    L(r, e);
    const n = this.#c();
    for (const o of Object.keys(e)) n.set(o, 'temp');
  }
  removeTemporaryKeys(e) {
    const r = this.#s(),
      n = this.#c();
    for (const o of e) (r[o] = void 0), this.#r[o] ? n.set(o, 'persistent') : n.delete(o);
  }
  getTemporaryAttributes() {
    return { ...this.#s() };
  }
  clearTemporaryAttributes() {
    const e = this.#s(),
      r = this.#c();
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
    const r = this.#c();
    this.#r = { ...e };
    for (const n of Object.keys(e)) r.set(n, 'persistent');
  }
  getPersistentAttributes() {
    return { ...this.#r };
  }
  getAllAttributes() {
    const e = {},
      r = this.#s(),
      n = this.#c();
    for (const [o, i] of Object.entries(this.#r)) i !== void 0 && (e[o] = i);
    for (const [o, i] of n.entries()) i === 'temp' && r[o] !== void 0 && (e[o] = r[o]);
    return e;
  }
  removePersistentKeys(e) {
    const r = this.#c(),
      n = this.#s();
    for (const o of e) (this.#r[o] = void 0), n[o] ? r.set(o, 'temp') : r.delete(o);
  }
};
var yt = class {
    value;
    logLevel;
    byteSize;
    constructor(e, r) {
      if (!_t(e)) throw new Error('Value should be a string');
      (this.value = e), (this.logLevel = r), (this.byteSize = Buffer.byteLength(e));
    }
  },
  bt = class extends Set {
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
  fe = class extends Map {
    #e;
    #t;
    constructor({ maxBytesSize: e, onBufferOverflow: r }) {
      super(), (this.#e = e), (this.#t = r);
    }
    setItem(e, r, n) {
      const o = new yt(r, n);
      if (o.byteSize > this.#e) throw new Error('Item too big');
      const i = this.get(e) || new bt();
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
var Oe = class {
  #e;
  #t = new O('powertools.logger.buffer', { fresh: () => new fe({ maxBytesSize: this.#i }) });
  #i;
  constructor(e) {
    this.#e = new O('powertools.logger.logLevel', { initial: e });
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
    (this.#i = e), this.#t.setShared(new fe({ maxBytesSize: e }));
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
var de = class t extends pe {
  console;
  customConfigService;
  logEvent = !1;
  logFormatter;
  logIndentation = pt.COMPACT;
  #e;
  powertoolsLogData = { sampleRateValue: 0 };
  #t = new Le();
  #i = [];
  #r = !1;
  #s = x.INFO;
  #c;
  #o = { enabled: !1, flushOnErrorLog: !0, maxBytes: 20480, bufferAtVerbosity: x.DEBUG };
  #n = new Oe(x.INFO);
  #a;
  #u = { sampleRateValue: 0, refreshedTimes: 0 };
  #f = new Map();
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
        L(
          {},
          {
            logLevel: this.getLevelName(),
            serviceName: this.powertoolsLogData.serviceName,
            sampleRateValue: this.#u.sampleRateValue,
            logFormatter: this.getLogFormatter(),
            customConfigService: this.getCustomConfigService(),
            environment: this.powertoolsLogData.environment,
            [r]: this.#t.getPersistentAttributes(),
            jsonReplacerFn: this.#c,
            correlationIdSearchFn: this.#a,
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
    this.processLogItem(x.CRITICAL, e, r);
  }
  debug(e, ...r) {
    this.processLogItem(x.DEBUG, e, r);
  }
  error(e, ...r) {
    this.processLogItem(x.ERROR, e, r);
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
    this.processLogItem(x.INFO, e, r);
  }
  injectLambdaContext(e) {
    return (r, n, o) => {
      const i = o.value,
        s = this;
      o.value = async function (...c) {
        s.refreshSampleRateCalculation(),
          s.addContext(c[1]),
          s.logEventIfEnabled(c[0], e?.logEvent),
          e?.correlationIdPath && s.setCorrelationId(c[0], e?.correlationIdPath);
        try {
          return await i.apply(this, c);
        } catch (u) {
          throw (e?.flushBufferOnUncaughtError && (s.flushBuffer(), s.error({ message: xr, error: u })), u);
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
    if (this.#u.refreshedTimes === 0) {
      this.#u.refreshedTimes++;
      return;
    }
    this.#h() && this.#n.getLogLevel() > x.TRACE
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
      if (this.isValidLogLevel(e)) this.#n.setLogLevel(x[e]);
      else throw new Error(`Invalid log level: ${e}`);
  }
  setPersistentLogAttributes(e) {
    const r = this.#d(e);
    this.#t.setPersistentAttributes(r);
  }
  get persistentLogAttributes() {
    return this.#t.getPersistentAttributes();
  }
  shouldLogEvent(e) {
    return typeof e == 'boolean' ? e : this.getLogEvent();
  }
  trace(e, ...r) {
    this.processLogItem(x.TRACE, e, r);
  }
  warn(e, ...r) {
    this.processLogItem(x.WARN, e, r);
  }
  #l(e) {
    this.#f.has(e) || (this.#f.set(e, !0), this.warn(e));
  }
  createLogger(e) {
    return new t(e);
  }
  getJsonReplacer() {
    const e = [],
      r = this.#c,
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
    L(this.powertoolsLogData, e);
  }
  #d(e) {
    const r = {};
    for (const [n, o] of Object.entries(e)) this.#p(n) || (r[n] = o);
    return r;
  }
  #m(e, r) {
    const n = this.#d(e);
    if (r === 'temp') this.#t.appendTemporaryKeys(n);
    else {
      const o = this.#t.getPersistentAttributes();
      this.#t.setPersistentAttributes(L(o, n));
    }
  }
  awsLogLevelShortCircuit(e) {
    return this.#e !== void 0
      ? (this.#n.setBaseLogLevel(x[this.#e]),
        this.isValidLogLevel(e) &&
          this.#n.getBaseLogLevel() > x[e] &&
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
        xRayTraceId: ce(),
        ...this.#y(),
        message: '',
      },
      i = this.#t.getAllAttributes();
    return (this.#g(r, o, i), this.#_(n, i), this.getLogFormatter().formatAttributes(o, i));
  }
  #g(e, r, n) {
    if (typeof e == 'string') {
      r.message = e;
      return;
    }
    const { message: o, ...i } = e;
    r.message = o;
    for (const [s, c] of Object.entries(i)) this.#p(s) || (n[s] = c);
  }
  #_(e, r) {
    for (const n of e)
      xt(n) || (n instanceof Error ? (r.error = n) : typeof n == 'string' ? (r.extra = n) : this.#x(n, r));
  }
  #x(e, r) {
    for (const [n, o] of Object.entries(e)) this.#p(n) || (r[n] = o);
  }
  #h() {
    return this.#u.sampleRateValue && (0, Ir.randomInt)(0, 100) / 100 <= this.#u.sampleRateValue;
  }
  #p(e) {
    return _r.includes(e) ? (this.warn(`The key "${e}" is a reserved key and will be dropped.`), !0) : !1;
  }
  getCustomConfigService() {
    return this.customConfigService;
  }
  getLogFormatter() {
    return this.logFormatter;
  }
  getLogLevelNameFromNumber(e) {
    let r;
    for (const [n, o] of Object.entries(x))
      if (o === e) {
        r = n;
        break;
      }
    return r;
  }
  #y() {
    const e = this.#t.getLambdaContext();
    return e === void 0 ? this.powertoolsLogData : { ...this.powertoolsLogData, lambdaContext: e };
  }
  isValidLogLevel(e) {
    return typeof e == 'string' && e in x;
  }
  isValidSampleRate(e) {
    return typeof e == 'number' && 0 <= e && e <= 1;
  }
  printLog(e, r) {
    r.prepareForPrint();
    const n = e === x.CRITICAL ? 'error' : this.getLogLevelNameFromNumber(e).toLowerCase();
    this.console[n](JSON.stringify(r.getAttributes(), this.getJsonReplacer(), this.logIndentation));
  }
  processLogItem(e, r, n) {
    this.#o.enabled && this.#o.flushOnErrorLog && e >= x.ERROR && e < x.SILENT && this.flushBuffer();
    const o = ce();
    if (o !== void 0 && this.shouldBufferLog(o, e)) {
      try {
        this.bufferLogItem(o, this.createAndPopulateLogItem(e, r, n), e);
      } catch (i) {
        this.printLog(x.WARN, this.createAndPopulateLogItem(x.WARN, `Unable to buffer log: ${i.message}`, [i])),
          this.printLog(e, this.createAndPopulateLogItem(e, r, n));
      }
      return;
    }
    e >= this.#n.getLogLevel() &&
      (this.#r ? this.printLog(e, this.createAndPopulateLogItem(e, r, n)) : this.#i.push([e, [e, r, n]]));
  }
  setConsole() {
    se()
      ? (this.console = console)
      : (this.console = new Pr.Console({ stdout: process.stdout, stderr: process.stderr })),
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
      this.#n.setBaseLogLevel(x[r]), (this.#s = this.#n.getBaseLogLevel());
      return;
    }
    const n = this.getCustomConfigService()?.getLogLevel()?.toUpperCase();
    if (this.isValidLogLevel(n)) {
      this.#n.setBaseLogLevel(x[n]), (this.#s = this.#n.getBaseLogLevel());
      return;
    }
    const o = E({ key: 'POWERTOOLS_LOG_LEVEL', defaultValue: '' }),
      i = E({ key: 'LOG_LEVEL', defaultValue: '' }),
      s = o || i;
    this.isValidLogLevel(s) && (this.#n.setBaseLogLevel(x[s]), (this.#s = this.#n.getBaseLogLevel()));
  }
  setInitialSampleRate(e) {
    const r = e,
      n = this.getCustomConfigService()?.getSampleRateValue(),
      o = wr({ key: 'POWERTOOLS_LOGGER_SAMPLE_RATE', defaultValue: 0 });
    for (const i of [r, n, o])
      if (this.isValidSampleRate(i)) {
        (this.#u.sampleRateValue = i),
          (this.powertoolsLogData.sampleRateValue = i),
          this.#h() &&
            this.#n.getBaseLogLevel() > x.TRACE &&
            (this.setLogLevel('DEBUG'), this.debug('Setting log level to DEBUG due to sampling rate'));
        break;
      }
  }
  setLogEvent() {
    this.logEvent = gt({ key: 'POWERTOOLS_LOGGER_LOG_EVENT', defaultValue: !1 });
  }
  setLogFormatter(e, r) {
    this.logFormatter = e ?? new Re({ logRecordOrder: r });
  }
  setLogIndentation() {
    se() && (this.logIndentation = pt.PRETTY);
  }
  setOptions(e) {
    const {
      logLevel: r,
      serviceName: n,
      sampleRateValue: o,
      logFormatter: i,
      persistentKeys: s,
      persistentLogAttributes: c,
      environment: u,
      jsonReplacerFn: l,
      logRecordOrder: a,
      logBufferOptions: d,
      correlationIdSearchFn: m,
    } = e;
    c &&
      Object.keys(c).length > 0 &&
      s &&
      Object.keys(s).length > 0 &&
      this.warn(
        'Both persistentLogAttributes and persistentKeys options were provided. Using persistentKeys as persistentLogAttributes is deprecated and will be removed in future releases',
      ),
      this.setPowertoolsLogData(n, u, s || c);
    const h = E({ key: 'AWS_LAMBDA_LOG_LEVEL', defaultValue: '' }),
      g = h === 'FATAL' ? 'CRITICAL' : h;
    return (
      this.isValidLogLevel(g) && (this.#e = g),
      this.setLogEvent(),
      this.setInitialLogLevel(r),
      this.setInitialSampleRate(o),
      this.setLogFormatter(i, a),
      this.setConsole(),
      this.setLogIndentation(),
      (this.#c = l),
      this.#b(d),
      (this.#a = m),
      this
    );
  }
  setPowertoolsLogData(e, r, n) {
    this.addToPowertoolsLogData({
      awsRegion: E({ key: 'AWS_REGION', defaultValue: '' }),
      environment:
        r || this.getCustomConfigService()?.getCurrentEnvironment() || E({ key: 'ENVIRONMENT', defaultValue: '' }),
      serviceName:
        e ||
        this.getCustomConfigService()?.getServiceName() ||
        E({ key: 'POWERTOOLS_SERVICE_NAME', defaultValue: '' }) ||
        this.defaultServiceName,
    }),
      n && this.appendPersistentKeys(n);
  }
  #b(e) {
    if (e === void 0 || ((this.#o.enabled = e?.enabled !== !1), this.#o.enabled === !1)) return;
    e?.maxBytes !== void 0 && (this.#o.maxBytes = e.maxBytes),
      this.#n.configureBuffer(this.#o.maxBytes),
      e?.flushOnErrorLog === !1 && (this.#o.flushOnErrorLog = !1);
    const r = e?.bufferAtVerbosity?.toUpperCase();
    this.isValidLogLevel(r) && (this.#o.bufferAtVerbosity = x[r]),
      this.#e !== void 0 &&
        x[this.#e] > this.#o.bufferAtVerbosity &&
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
    const e = ce();
    if (e === void 0) return;
    const r = this.#n.get(e);
    if (r !== void 0) {
      for (const n of r) {
        const o = this.getLogLevelNameFromNumber(n.logLevel).toLowerCase();
        this.console[o](n.value);
      }
      r.hasEvictedLog &&
        this.printLog(
          x.WARN,
          this.createAndPopulateLogItem(
            x.WARN,
            'Some logs are not displayed because they were evicted from the buffer. Increase buffer size to store more logs in the buffer',
            [],
          ),
        ),
        this.#e !== void 0 &&
          x[this.#e] > this.#o.bufferAtVerbosity &&
          this.#l(
            'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Some logs might be missing.',
          ),
        this.#n.delete(e);
    }
  }
  clearBuffer() {
    if (this.#o.enabled === !1) return;
    const e = ce();
    e !== void 0 && this.#n.delete(e);
  }
  shouldBufferLog(e, r) {
    return this.#o.enabled && e !== void 0 && r <= this.#o.bufferAtVerbosity;
  }
  setCorrelationId(e, r) {
    if (typeof r == 'string') {
      if (!this.#a) {
        this.#l(
          'correlationIdPath is set but no search function was provided. The correlation ID will not be added to the log attributes.',
        );
        return;
      }
      const n = this.#a(r, e);
      n && this.appendKeys({ correlation_id: n });
      return;
    }
    this.appendKeys({ correlation_id: e });
  }
  getCorrelationId() {
    return this.#t.getTemporaryAttributes().correlation_id;
  }
};
var Zr = Symbol.for('rekey.client.heldSecrets');
function Go() {
  let t = globalThis,
    e = t[Zr];
  return (e === void 0 && ((e = { counts: new Map(), version: 0 }), (t[Zr] = e)), e);
}
function Cr() {
  const t = Go();
  return (
    Ne.version !== t.version &&
      ((Ne.values = [...t.counts.keys()].sort((e, r) => r.length - e.length)), (Ne.version = t.version)),
    Ne.values
  );
}
var Ne = { version: -1, values: [] };
var he = '[REDACTED]',
  Rr = '(?!\\[REDACTED\\])',
  Lr = '(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])',
  me = '(?:AKIA|ASIA)[A-Z0-9]{16}',
  Yo =
    '(?:api[_-]?key|x-api-key|client[_-]?secret|secret[_-]?(?:access[_-]?)?key|(?:access|auth|refresh)[_-]?token|password)',
  ge = [
    { kind: 'anthropic', re: /(?<![A-Za-z0-9_-])sk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{20,}/g },
    { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/g },
    { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g },
    { kind: 'aws-secret-key', re: new RegExp(`(?<=${me}[\\s\\S]{1,100}?)${Lr}`, 'g'), requires: new RegExp(me) },
    { kind: 'aws-secret-key', re: new RegExp(`${Lr}(?=[\\s\\S]{1,100}?${me})`, 'g'), requires: new RegExp(me) },
    { kind: 'aws-access-key', re: new RegExp(`(?<![A-Z0-9])${me}(?![A-Z0-9])`, 'g') },
    { kind: 'rekey-generated', re: /(?<![A-Za-z0-9_])rk_[A-Za-z0-9]{40}(?![A-Za-z0-9])/g },
    { kind: 'bearer', re: new RegExp(`(?<=\\bBearer\\s+)${Rr}[A-Za-z0-9._~+/=-]{16,}`, 'gi') },
    {
      kind: 'api-key-field',
      re: new RegExp(`(?<=(?<![A-Za-z0-9])${Yo}["']?\\s*[:=]\\s*["']?)${Rr}[^\\s"'&,;}\\]]{8,}`, 'gi'),
    },
  ];
function Or(t) {
  for (const { kind: e, re: r } of ge) {
    if (e === 'bearer' || e === 'api-key-field' || e === 'aws-secret-key') continue;
    if (new RegExp(`^(?:${r.source})$`, r.flags.replace('g', '')).test(t)) return e;
  }
  return 'held-secret';
}
function _e(t, e = {}) {
  let r = t;
  for (const n of Xo(e.known)) r.includes(n) && (r = r.split(n).join(he));
  for (const { re: n, requires: o } of ge) (o !== void 0 && !o.test(r)) || ((n.lastIndex = 0), (r = r.replace(n, he)));
  return r;
}
function Xo(t) {
  const e = Cr();
  if (t === void 0) return e;
  const r = [...t].filter((n) => n.length >= 8);
  return r.length === 0 ? e : [...new Set([...e, ...r])].sort((n, o) => o.length - n.length);
}
var vt = new Set();
function Me(t) {
  t.length >= 8 && vt.add(t);
}
function Nr() {
  vt.clear();
}
function qo(t) {
  return _e(t, { known: vt });
}
var k = new de({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rekey',
  jsonReplacerFn: (t, e) => (typeof e == 'string' ? qo(e) : e),
});
var Mr = require('@aws-sdk/client-dynamodb'),
  re = require('@aws-sdk/lib-dynamodb');
var T = class extends ie {
    constructor(r, n, o) {
      super(r, o);
      this.statusCode = n;
      this.name = 'WebhookError';
    }
    statusCode;
  },
  De = class extends T {
    constructor() {
      super('delivery has no X-Hub-Signature-256 header', 401), (this.name = 'SignatureMissingError');
    }
  },
  Ue = class extends T {
    constructor() {
      super('X-Hub-Signature-256 does not match the body', 401), (this.name = 'SignatureMismatchError');
    }
  },
  te = class extends T {
    constructor(r) {
      super(`delivery ${r} was already received`, 409);
      this.deliveryId = r;
      this.name = 'ReplayedDeliveryError';
    }
    deliveryId;
  },
  V = class extends T {
    constructor(e, r) {
      super(e, 400, r), (this.name = 'MalformedDeliveryError');
    }
  },
  Fe = class extends T {
    constructor(e) {
      super(`method ${e.slice(0, 10)} is not allowed`, 405), (this.name = 'MethodNotAllowedError');
    }
  },
  Y = class extends T {
    constructor(r, n, o) {
      super(r, 502, o);
      this.status = n;
      this.name = 'GitHubApiError';
    }
    status;
  },
  xe = class extends T {
    constructor(e, r) {
      super(e, 502, r), (this.name = 'FindingNotPublishedError');
    }
  };
var Jo = 720 * 3600,
  zt = (t) => `DELIVERY#${t}`,
  je = class {
    constructor(e, r, n = () => new Date()) {
      this.doc = e;
      this.tableName = r;
      this.now = n;
    }
    doc;
    tableName;
    now;
    async claim(e, r) {
      const n = this.now();
      try {
        await this.doc.send(
          new re.PutCommand({
            TableName: this.tableName,
            Item: {
              pk: zt(e),
              sk: 'DELIVERY',
              githubEvent: r,
              deliveryStatus: 'processing',
              receivedAt: n.toISOString(),
              expiresAt: Math.floor(n.getTime() / 1e3) + Jo,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (o) {
        throw o instanceof Mr.ConditionalCheckFailedException || o.name === 'ConditionalCheckFailedException'
          ? new te(e)
          : o;
      }
    }
    async complete(e, r) {
      await this.doc.send(
        new re.UpdateCommand({
          TableName: this.tableName,
          Key: { pk: zt(e), sk: 'DELIVERY' },
          UpdateExpression: 'SET deliveryStatus = :done, outcome = :outcome',
          ExpressionAttributeValues: { ':done': 'done', ':outcome': r.slice(0, 300) },
        }),
      );
    }
    async release(e) {
      await this.doc
        .send(
          new re.DeleteCommand({
            TableName: this.tableName,
            Key: { pk: zt(e), sk: 'DELIVERY' },
            ConditionExpression: 'deliveryStatus = :processing',
            ExpressionAttributeValues: { ':processing': 'processing' },
          }),
        )
        .catch((r) => {
          if (r.name !== 'ConditionalCheckFailedException') throw r;
        });
    }
  };
var Dr;
var wt = { value: void 0, enumerable: !1 },
  Ur = 'captureStackTrace' in Error ? Error : null;
function Qo(t) {
  const e = Ur;
  if (e) {
    const r = e.stackTraceLimit;
    if (typeof r == 'number') {
      try {
        e.stackTraceLimit = 0;
      } catch {
        return ((Ur = null), new t());
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
function f(t, e, r, n) {
  const o = {};
  function i(m) {
    (this.def = m), (this.constr = d), (this.traits = new Set());
  }
  i.prototype = o;
  const s = r,
    c = s && new WeakSet();
  function u(m, h) {
    if (m._zod) {
      if (m._zod.traits.has(t)) return;
    } else {
      wt.value = new i(h);
      try {
        Object.defineProperty(m, '_zod', wt);
      } finally {
        wt.value = void 0;
      }
    }
    if ((m._zod.traits.add(t), e(m, h), c)) {
      let y = Object.getPrototypeOf(m),
        $ = m._zod.constr.prototype,
        A = y;
      for (; A && A !== $; ) A = Object.getPrototypeOf(A);
      const R = A ?? y;
      c.has(R) || (c.add(R), Fr(R, s));
    }
    const g = d.prototype;
    for (const y in g) Object.hasOwn(g, y) && (y in m || (m[y] = g[y].bind(m)));
  }
  const l = n?.Parent ?? Object;
  class a extends l {}
  Object.defineProperty(a, 'name', { value: t });
  function d(m) {
    const h = n?.Parent ? Qo(a) : this;
    u(h, m);
    const g = h._zod.deferred;
    if (g) {
      for (const $ of g) $();
      h._zod.deferred = void 0;
    }
    const y = globalThis.__zod_globalConfig?.postProcessor;
    return (y && y(h), h);
  }
  return (
    Object.defineProperty(d, 'init', { value: u }),
    Object.defineProperty(d, Symbol.hasInstance, {
      value: (m) => (n?.Parent && m instanceof n.Parent ? !0 : m?._zod?.traits?.has(t)),
    }),
    Object.defineProperty(d, 'name', { value: t }),
    d
  );
}
var Z = class extends Error {
    constructor() {
      super('Encountered Promise during synchronous parse. Use .parseAsync() instead.');
    }
  },
  Be = class extends Error {
    constructor(e) {
      super(`Encountered unidirectional transform during encode: ${e}`), (this.name = 'ZodEncodeError');
    }
  };
(Dr = globalThis).__zod_globalConfig ?? (Dr.__zod_globalConfig = {});
var H = globalThis.__zod_globalConfig;
function S(t) {
  return (t && Object.assign(H, t), H);
}
function St(t) {
  const e = Object.values(t).filter((n) => typeof n == 'number');
  return Object.entries(t)
    .filter(([n, o]) => e.indexOf(+n) === -1)
    .map(([n, o]) => o);
}
function kt(t, e = '|') {
  return t.map((r) => Ct(r)).join(e);
}
function jr(t, e) {
  return typeof e == 'bigint' ? e.toString() : e;
}
var At = class {
  constructor(e) {
    (this._getter = e), (this._value = void 0);
  }
  get value() {
    const e = this._getter;
    return (e !== void 0 && ((this._value = e()), (this._getter = void 0)), this._value);
  }
};
function Br(t) {
  return new At(t);
}
function Vr(t) {
  return t == null;
}
function Ke(t) {
  const e = t.startsWith('^') ? 1 : 0,
    r = t.endsWith('$') ? t.length - 1 : t.length;
  return t.slice(e, r);
}
function Kr(t, e, r) {
  Object.defineProperty(t, e, { value: r, writable: !0, enumerable: !0, configurable: !0 });
}
var Tt = 'captureStackTrace' in Error ? Error.captureStackTrace : (...t) => {};
function Ve(t) {
  return typeof t == 'object' && t !== null && !Array.isArray(t);
}
function Pt(t) {
  if (Ve(t) === !1) return !1;
  const e = t.constructor;
  if (e === void 0 || typeof e != 'function') return !0;
  const r = e.prototype;
  return !(Ve(r) === !1 || Object.hasOwn(r, 'isPrototypeOf') === !1);
}
function It(t) {
  return Pt(t)
    ? { ...t }
    : Array.isArray(t)
      ? [...t]
      : t instanceof Map
        ? new Map(t)
        : t instanceof Set
          ? new Set(t)
          : t;
}
var Wr = new Set(['string', 'number', 'symbol']);
function Zt(t) {
  return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function be(t, e, r) {
  const n = new t._zod.constr(e ?? t._zod.def);
  return ((!e || r?.parent) && (n._zod.parent = t), n);
}
function b(t) {
  const e = t;
  if (!e) return {};
  if (typeof e == 'string') return { error: () => e };
  if (e?.message !== void 0) {
    if (e?.error !== void 0) throw new Error('Cannot specify both `message` and `error` params');
    e.error = e.message;
  }
  return (delete e.message, typeof e.error == 'string' ? { ...e, error: () => e.error } : e);
}
function Ct(t) {
  return typeof t == 'bigint' ? t.toString() + 'n' : typeof t == 'string' ? `"${t}"` : `${t}`;
}
function Gr(t) {
  return Object.keys(t).filter((e) => t[e]._zod.optin !== void 0 && t[e]._zod.optout === 'optional');
}
var Yr = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-34028234663852886e22, 34028234663852886e22],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};
function N(t, e = 0) {
  if (t.aborted === !0) return !0;
  for (let r = e; r < t.issues.length; r++) if (t.issues[r]?.continue !== !0) return !0;
  return !1;
}
function Hr(t, e = 0) {
  if (t.aborted === !0) return !0;
  for (let r = e; r < t.issues.length; r++) if (t.issues[r]?.continue === !1) return !0;
  return !1;
}
function W(t, e) {
  return e.map((r) => {
    var n;
    return ((n = r).path ?? (n.path = []), r.path.unshift(t), r);
  });
}
function ye(t) {
  return typeof t == 'string' ? t : t?.message;
}
function Rt(t) {
  const e = [];
  for (const r of t ?? []) {
    const n = r._zod.def;
    if (!/_(length|size)$|_equals$/.test(n.check)) break;
    const o = n.maximum ?? n.length ?? n.size;
    o >= 0 && e.push([o, r]);
  }
  return e;
}
function We(t, e, r) {
  var n;
  for (let o = e; o < t.length; o++) (n = t[o]).schema ?? (n.schema = r);
}
function M(t, e, r) {
  var n;
  const o = t.inst?._zod?.traits;
  o?.has('$ZodType') && (o.has('$ZodCheck') ? ((n = t).schema ?? (n.schema = t.inst)) : (t.schema = t.inst));
  const i = t.schema !== t.inst ? t.schema?._zod.def?.error : void 0,
    s = t.message
      ? t.message
      : (ye(t.inst?._zod.def?.error?.(t)) ??
        ye(i?.(t)) ??
        ye(e?.error?.(t)) ??
        ye(r.customError?.(t)) ??
        ye(r.localeError?.(t)) ??
        'Invalid input'),
    c = {};
  for (const u of Object.keys(t))
    u === 'inst' || u === 'schema' || u === 'continue' || u === 'input' || u === '__proto__' || (c[u] = t[u]);
  return (c.path ?? (c.path = []), (c.message = s), e?.reportInput && (c.input = t.input), c);
}
var ei = /[\uD800-\uDBFF]/;
function Lt(t) {
  const e = t.length;
  if (!ei.test(t)) return e;
  let r = e;
  for (let n = 0; n < e - 1; n++)
    (t.charCodeAt(n) & 64512) === 55296 && (t.charCodeAt(n + 1) & 64512) === 56320 && (r--, n++);
  return r;
}
function Ot(t) {
  return Array.isArray(t) ? 'array' : typeof t == 'string' ? 'string' : 'unknown';
}
function Xr(t) {
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
function Nt(...t) {
  const [e, r, n] = t;
  return typeof e == 'string' ? { message: e, code: 'custom', input: r, inst: n } : { ...e };
}
function Fr(t, e) {
  for (const r in e) {
    const n = Object.getOwnPropertyDescriptor(e, r);
    n.get ? Object.defineProperty(t, r, { ...n, enumerable: !1 }) : ti(t, r, n.value);
  }
}
function X(t, e, r, n = !0) {
  return (Object.defineProperty(t, e, { configurable: !0, writable: !0, enumerable: n, value: r }), r);
}
function Mt(t, e, r) {
  return X(t, e, r, !1);
}
function ti(t, e, r) {
  Object.defineProperty(t, e, {
    configurable: !0,
    get() {
      return this == null ? r : X(this, e, r.bind(this));
    },
    set(n) {
      X(this, e, n);
    },
  });
}
function ri(t, e) {
  const r = Object.getPrototypeOf(t);
  return e in r ? void 0 : r;
}
var Et,
  K = !1,
  ni = {
    configurable: !0,
    get() {
      K = !0;
    },
  };
function v(t, e, r) {
  const n = Object.getPrototypeOf(t._zod);
  if (e in n && Et !== t._zod) {
    Et = void 0;
    return;
  }
  (Et = t._zod),
    Object.defineProperty(n, e, {
      configurable: !0,
      get() {
        Object.defineProperty(this, e, ni);
        const o = K;
        K = !1;
        try {
          const i = r(this);
          return (
            K ? delete this[e] : Object.defineProperty(this, e, { configurable: !0, writable: !0, value: i }),
            (K = K || o),
            i
          );
        } catch (i) {
          throw (delete this[e], (K = K || o), i);
        }
      },
      set(o) {
        Object.defineProperty(this, e, { configurable: !0, writable: !0, value: o });
      },
    });
}
function qr(t, e, r, n) {
  const o = ri(t, e);
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
var oi = () => {
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
          c = Xr(i.input),
          u = o(c, i.input);
        return `Invalid input: expected ${s}, received ${u}`;
      }
      case 'invalid_value':
        return i.values.length === 1
          ? `Invalid input: expected ${Ct(i.values[0])}`
          : `Invalid option: expected one of ${kt(i.values, '|')}`;
      case 'too_big': {
        const s = i.exact ? 'exactly ' : i.inclusive ? '<=' : '<',
          c = e(i.origin);
        return c
          ? `Too big: expected ${i.origin ?? 'value'} to have ${s}${i.maximum.toString()} ${c.unit ?? 'elements'}`
          : `Too big: expected ${i.origin ?? 'value'} to be ${s}${i.maximum.toString()}`;
      }
      case 'too_small': {
        const s = i.exact ? 'exactly ' : i.inclusive ? '>=' : '>',
          c = e(i.origin);
        return c
          ? `Too small: expected ${i.origin} to have ${s}${i.minimum.toString()} ${c.unit}`
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
        return `Unrecognized key${i.keys.length > 1 ? 's' : ''}: ${kt(i.keys, ', ')}`;
      case 'invalid_key':
        return `Invalid key in ${i.origin}`;
      case 'invalid_union':
        return i.options && Array.isArray(i.options) && i.options.length > 0
          ? `Invalid discriminator value. Expected ${i.options.map((c) => `'${c}'`).join(' | ')}`
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
function Dt() {
  return { localeError: oi() };
}
function si() {
  const t = this._zod;
  return (t.message ?? (t.message = JSON.stringify(t.def, jr, 2)), t.message);
}
function ci(t) {
  this._zod.message = t;
}
var ui = { get: si, set: ci, enumerable: !0, configurable: !0 },
  Ut = { value: void 0, enumerable: !1 },
  Jr = new WeakSet([Object.prototype, Error.prototype]),
  Qr = (t, e) => {
    (t.name = '$ZodError'),
      (Ut.value = e),
      Object.defineProperty(t, 'issues', Ut),
      (Ut.value = void 0),
      Object.defineProperty(t, 'message', ui);
    const r = Object.getPrototypeOf(t);
    Jr.has(r) ||
      (Jr.add(r),
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
  Au = f('$ZodError', Qr),
  ve = f('$ZodError', Qr, void 0, { Parent: Error });
var li = (t) => {
    const e = (r, n, o, i) => {
      const s = o ? { ...o, async: !1 } : { async: !1 },
        c = r._zod.run({ value: n, issues: [] }, s);
      if (c instanceof Promise) throw new Z();
      if (c.issues.length) {
        const u = new (i?.Err ?? t)(c.issues.map((l) => M(l, s, S())));
        throw (Tt(u, i?.callee ?? e), u);
      }
      return c.value;
    };
    return e;
  },
  Ft = li(ve),
  pi = (t) => {
    const e = async (r, n, o, i) => {
      let s = o ? { ...o, async: !0 } : { async: !0 },
        c = r._zod.run({ value: n, issues: [] }, s);
      if ((c instanceof Promise && (c = await c), c.issues.length)) {
        const u = new (i?.Err ?? t)(c.issues.map((l) => M(l, s, S())));
        throw (Tt(u, i?.callee ?? e), u);
      }
      return c.value;
    };
    return e;
  },
  jt = pi(ve),
  fi = (t) => (e, r, n) => {
    const o = n ? { ...n, async: !1 } : { async: !1 },
      i = e._zod.run({ value: r, issues: [] }, o);
    if (i instanceof Promise) throw new Z();
    return i.issues.length ? en(t, i.issues, o) : { success: !0, data: i.value };
  },
  ze = fi(ve);
function en(t, e, r) {
  let n;
  return {
    success: !1,
    get error() {
      return (n || ((n = new t(e.map((o) => M(o, r, S())))), (e = void 0), (r = void 0)), n);
    },
    set error(o) {
      (n = o), (e = void 0), (r = void 0);
    },
  };
}
var di = (t) => async (e, r, n) => {
    let o = n ? { ...n, async: !0 } : { async: !0 },
      i = e._zod.run({ value: r, issues: [] }, o);
    return (
      i instanceof Promise && (i = await i), i.issues.length ? en(t, i.issues, o) : { success: !0, data: i.value }
    );
  },
  Bt = di(ve);
var tn =
    /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/,
  rn =
    /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))$/;
var nn = /^[\s\S]{0,}$/;
var Vt = /^-?\d+(?:\.\d+)?$/,
  on = /^(?:true|false)$/i;
var U = f('$ZodCheck', (t, e) => {
  var r;
  t._zod ?? (t._zod = {}), (t._zod.def = e), (r = t._zod).onattach ?? (r.onattach = []);
});
var cn = (t) => {
    const e = t.value;
    return !Vr(e) && e.length !== void 0;
  },
  sn = { number: 'number', bigint: 'bigint', object: 'date' };
var un = f('$ZodCheckGreaterThan', (t, e) => {
  U.init(t, e);
  const r = sn[typeof e.value];
  t._zod.check = (n) => {
    (e.inclusive ? n.value >= e.value : n.value > e.value) ||
      n.issues.push({
        origin: sn[typeof n.value] ?? r,
        code: 'too_small',
        minimum: typeof e.value == 'object' ? e.value.getTime() : e.value,
        input: n.value,
        inclusive: e.inclusive,
        inst: t,
        continue: !e.abort,
      });
  };
});
var an = f('$ZodCheckNumberFormat', (t, e) => {
  U.init(t, e), (e.format = e.format || 'float64');
  const r = e.format?.includes('int'),
    n = r ? 'int' : 'number',
    [o, i] = Yr[e.format];
  t._zod.check = (s) => {
    const c = s.value;
    if (r) {
      if (!Number.isInteger(c)) {
        s.issues.push({ expected: n, format: e.format, code: 'invalid_type', continue: !1, input: c, inst: t });
        return;
      }
      if (!Number.isSafeInteger(c)) {
        c > 0
          ? s.issues.push({
              input: c,
              code: 'too_big',
              maximum: Number.MAX_SAFE_INTEGER,
              note: 'Integers must be within the safe integer range.',
              inst: t,
              origin: n,
              inclusive: !0,
              continue: !e.abort,
            })
          : s.issues.push({
              input: c,
              code: 'too_small',
              minimum: Number.MIN_SAFE_INTEGER,
              note: 'Integers must be within the safe integer range.',
              inst: t,
              origin: n,
              inclusive: !0,
              continue: !e.abort,
            });
        return;
      }
    }
    c < o &&
      s.issues.push({
        origin: 'number',
        input: c,
        code: 'too_small',
        minimum: o,
        inclusive: !0,
        inst: t,
        continue: !e.abort,
      }),
      c > i &&
        s.issues.push({
          origin: 'number',
          input: c,
          code: 'too_big',
          maximum: i,
          inclusive: !0,
          inst: t,
          continue: !e.abort,
        });
  };
});
var ln = f('$ZodCheckMaxLength', (t, e) => {
    var r;
    U.init(t, e),
      (r = t._zod.def).when ?? (r.when = cn),
      (t._zod.check = (n) => {
        const o = n.value,
          i = o.length;
        if ((typeof o == 'string' && i > e.maximum ? Lt(o) : i) <= e.maximum) return;
        const c = Ot(o);
        n.issues.push({
          origin: c,
          code: 'too_big',
          maximum: e.maximum,
          inclusive: !0,
          input: o,
          inst: t,
          continue: !e.abort,
        });
      });
  }),
  pn = f('$ZodCheckMinLength', (t, e) => {
    var r;
    U.init(t, e),
      (r = t._zod.def).when ?? (r.when = cn),
      (t._zod.check = (n) => {
        const o = n.value,
          i = o.length;
        if ((typeof o == 'string' && i >= e.minimum && i < e.minimum * 2 ? Lt(o) : i) >= e.minimum) return;
        const c = Ot(o);
        n.issues.push({
          origin: c,
          code: 'too_small',
          minimum: e.minimum,
          inclusive: !0,
          input: o,
          inst: t,
          continue: !e.abort,
        });
      });
  });
var Wt = f('$ZodCheckStringFormat', (t, e) => {
    var r, n;
    U.init(t, e),
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
  }),
  fn = f('$ZodCheckRegex', (t, e) => {
    Wt.init(t, e),
      (t._zod.check = (r) => {
        (e.pattern.lastIndex = 0),
          !e.pattern.test(r.value) &&
            r.issues.push({
              origin: 'string',
              code: 'invalid_format',
              format: 'regex',
              input: r.value,
              pattern: e.pattern.toString(),
              inst: t,
              continue: !e.abort,
            });
      });
  });
var mn = { major: 4, minor: 6, patch: 7 };
var z = f(
    '$ZodType',
    (t, e) => {
      var r;
      t ?? (t = {}), (t._zod.def = e), (t._zod.bag = t._zod.bag || {}), (t._zod.version = mn);
      const n = t._zod.def.checks,
        o = t._zod.traits.has('$ZodCheck') ? [t, ...(n ?? [])] : n?.length ? [...n] : [];
      for (const i of o) for (const s of i._zod.onattach) s(t);
      if (o.length === 0)
        (r = t._zod).deferred ?? (r.deferred = []),
          t._zod.deferred?.push(() => {
            t._zod.run = t._zod.parse;
          });
      else {
        const i = (c, u, l) => {
            if (c.memo) return c;
            let a = N(c),
              d;
            for (const m of u) {
              if (m._zod.def.when) {
                if (Hr(c) || !m._zod.def.when(c)) continue;
              } else if (a) continue;
              const h = c.issues.length,
                g = m._zod.check(c);
              if (g instanceof Promise && l?.async === !1) throw new Z();
              if (d || g instanceof Promise)
                d = (d ?? Promise.resolve()).then(async () => {
                  await g, c.issues.length !== h && (We(c.issues, h, t), a || (a = N(c, h)));
                });
              else {
                if (c.issues.length === h) continue;
                We(c.issues, h, t), a || (a = N(c, h));
              }
            }
            return d ? d.then(() => c) : c;
          },
          s = (c, u, l) => {
            if (N(c)) return ((c.aborted = !0), c);
            const a = i(u, o, l);
            if (a instanceof Promise) {
              if (l.async === !1) throw new Z();
              return a.then((d) => t._zod.parse(d, l));
            }
            return t._zod.parse(a, l);
          };
        t._zod.run = (c, u) => {
          if (u.skipChecks) return t._zod.parse(c, u);
          if (u.direction === 'backward') {
            const a = t._zod.parse({ value: c.value, issues: [] }, { ...u, skipChecks: !0 });
            return a instanceof Promise ? a.then((d) => s(d, c, u)) : s(a, c, u);
          }
          const l = t._zod.parse(c, u);
          if (l instanceof Promise) {
            if (u.async === !1) throw new Z();
            return l.then((a) => i(a, o, u));
          }
          return i(l, o, u);
        };
      }
    },
    {
      get '~standard'() {
        return Mt(this, '~standard', hi(this));
      },
      set '~standard'(t) {
        X(this, '~standard', t);
      },
    },
  ),
  bn = (t, e) => (t.issues.length ? { issues: t.issues.map((r) => M(r, e, S())) } : { value: t.value });
async function mi(t, e) {
  const r = { async: !0 };
  return bn(await t._zod.run({ value: e, issues: [] }, r), r);
}
function hi(t) {
  return {
    validate: (e) => {
      const r = { async: !1 };
      try {
        const n = t._zod.run({ value: e, issues: [] }, r);
        if (!(n instanceof Promise)) return bn(n, r);
      } catch {}
      return mi(t, e);
    },
    vendor: 'zod',
    version: 1,
  };
}
var Gt = f('$ZodString', (t, e) => {
    z.init(t, e),
      (t._zod.pattern = e.pattern ?? nn),
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
  He = f('$ZodStringFormat', (t, e) => {
    Wt.init(t, e), Gt.init(t, e);
  });
function gi(t) {
  try {
    return typeof URL < 'u' && typeof URL.canParse == 'function' ? URL.canParse(t) : (new URL(t), !0);
  } catch {
    return !1;
  }
}
var vn = f('$ZodIPv4', (t, e) => {
    e.pattern ?? (e.pattern = tn), He.init(t, e);
  }),
  _i = /^[0-9a-fA-F:.]+$/;
function xi(t) {
  return _i.test(t) ? gi(`http://[${t}]`) : !1;
}
var zn = f('$ZodIPv6', (t, e) => {
  e.pattern ?? (e.pattern = rn),
    He.init(t, e),
    (t._zod.check = (r) => {
      xi(r.value) ||
        r.issues.push({ code: 'invalid_format', format: 'ipv6', input: r.value, inst: t, continue: !e.abort });
    });
});
var Yt = f('$ZodNumber', (t, e) => {
    z.init(t, e),
      (t._zod.pattern = Vt),
      (t._zod.parse = (r, n) => {
        if (e.coerce)
          try {
            r.value = Number(r.value);
          } catch {}
        const o = r.value;
        if (typeof o == 'number' && !Number.isNaN(o) && Number.isFinite(o)) return r;
        const i = typeof o == 'number' ? (Number.isNaN(o) ? 'NaN' : Number.isFinite(o) ? void 0 : String(o)) : void 0;
        return (
          r.issues.push({ expected: 'number', code: 'invalid_type', input: o, inst: t, ...(i ? { received: i } : {}) }),
          r
        );
      });
  }),
  wn = f('$ZodNumberFormat', (t, e) => {
    an.init(t, e), Yt.init(t, e);
  }),
  $n = f('$ZodBoolean', (t, e) => {
    z.init(t, e),
      (t._zod.pattern = on),
      (t._zod.parse = (r, n) => {
        if (e.coerce)
          try {
            r.value = !!r.value;
          } catch {}
        const o = r.value;
        return (
          typeof o == 'boolean' || r.issues.push({ expected: 'boolean', code: 'invalid_type', input: o, inst: t }), r
        );
      });
  });
var En = f('$ZodAny', (t, e) => {
    z.init(t, e), (t._zod.parse = (r) => r);
  }),
  An = f('$ZodUnknown', (t, e) => {
    z.init(t, e), (t._zod.parse = (r) => r);
  }),
  Sn = f('$ZodNever', (t, e) => {
    z.init(t, e),
      (t._zod.parse = (r, n) => (
        r.issues.push({ expected: 'never', code: 'invalid_type', input: r.value, inst: t }), r
      ));
  });
function yi(t, e) {
  const r = Rt(t._zod.def.checks);
  if (!r.length) return;
  const n = Math.min(...r.map((i) => i[0])),
    o = t._zod.parse;
  t._zod.parse = (i, s) => {
    const c = e(i.value);
    if (c > n && !s?.skipChecks && s?.direction !== 'backward') {
      for (const [u, l] of Rt(t._zod.def.checks))
        if (c > u && l._zod.def.when(i)) {
          const a = i.issues.length;
          return (l._zod.check(i), (i.issues[a].continue = !1), We(i.issues, a, t), i);
        }
    }
    return o(i, s);
  };
}
var bi = (t) => (Array.isArray(t) ? t.length : -1);
function hn(t, e, r) {
  t.issues.length && e.issues.push(...W(r, t.issues)), (e.value[r] = t.value);
}
var kn = f('$ZodArray', (t, e) => {
  z.init(t, e);
  const r = H.memoizer;
  r?.attach(t),
    (t._zod.parse = (n, o) => {
      const i = n.value;
      if (!Array.isArray(i)) return (n.issues.push({ expected: 'array', code: 'invalid_type', input: i, inst: t }), n);
      n.value = r ? r.alloc(t, n, Array(i.length), o) : Array(i.length);
      const s = [],
        c = o?.abortEarly;
      for (let u = 0; u < i.length; u++) {
        const l = i[u],
          a = e.element._zod.run({ value: l, issues: [] }, o);
        if (a instanceof Promise) s.push(a.then((d) => hn(d, n, u)));
        else if ((hn(a, n, u), c && a.issues.length !== 0 && N(a))) break;
      }
      return s.length ? Promise.all(s).then(() => n) : n;
    }),
    yi(t, bi);
});
function Ye(t, e, r, n, o, i) {
  const s = r in n,
    c = i === 'optional';
  if (!(!s && c && o === 'optional')) {
    if (t.issues.length) {
      if (o !== void 0 && c && !s) return;
      e.issues.push(...W(r, t.issues));
    }
    if (!s && o === void 0) {
      t.issues.length || e.issues.push({ code: 'invalid_type', expected: 'nonoptional', input: void 0, path: [r] });
      return;
    }
    t.value === void 0 ? (s || (o === 'defaulted' && !c)) && (e.value[r] = void 0) : (e.value[r] = t.value);
  }
}
var vi = [];
function zi(t) {
  const e = Object.keys(t.shape),
    r = Object.getOwnPropertySymbols(t.shape),
    n = r.length ? r : vi,
    o = n.length ? [...e, ...n] : e;
  for (const s of o)
    if (!t.shape?.[s]?._zod?.traits?.has('$ZodType'))
      throw new Error(`Invalid element at key "${String(s)}": expected a Zod schema`);
  const i = Gr(t.shape);
  return { ...t, allKeys: o, symbolKeys: n, keySet: new Set(e), numKeys: e.length, optionalKeys: new Set(i) };
}
function wi(t, e, r, n, o, i, s) {
  let c = [],
    u = o.keySet,
    l = o.catchall._zod,
    a = l.def.type,
    d = l.optin,
    m = l.optout,
    h = 0;
  for (const g in e) {
    if (s && r.issues.length !== h) {
      if (N(r, h)) break;
      h = r.issues.length;
    }
    if (u.has(g)) continue;
    if (g === '__proto__') {
      a === 'never' && c.push(g);
      continue;
    }
    if (a === 'never') {
      c.push(g);
      continue;
    }
    const y = l.run({ value: e[g], issues: [] }, n);
    y instanceof Promise ? t.push(y.then(($) => Ye($, r, g, e, d, m))) : Ye(y, r, g, e, d, m);
  }
  return (
    c.length && r.issues.push({ code: 'unrecognized_keys', keys: c, input: e, inst: i, continue: !0 }),
    t.length ? Promise.all(t).then(() => r) : r
  );
}
var Tn = f('$ZodObject', (t, e) => {
  z.init(t, e);
  const r = Object.getOwnPropertyDescriptor(e, 'shape'),
    n = r?.get ? r.get.raw : (e.shape ?? {});
  if (n) {
    const l = () => {
      const a = { ...n };
      return (Object.defineProperty(e, 'shape', { value: a }), (l.raw = a), a);
    };
    (l.raw = n), Object.defineProperty(e, 'shape', { get: l });
  }
  const o = Br(() => zi(e));
  v(t, 'propValues', (l) => {
    const a = l.def.shape,
      d = {};
    for (const m in a) {
      const h = a[m]._zod;
      if (h.values) {
        Object.hasOwn(d, m) || Kr(d, m, new Set());
        for (const g of h.values) d[m].add(g);
        h.optin !== void 0 && d[m].add(void 0);
      }
    }
    return d;
  });
  let i = Ve,
    s = e.catchall,
    c,
    u = H.memoizer;
  u?.attach(t),
    (t._zod.parse = (l, a) => {
      c ?? (c = o.value);
      const d = l.value;
      if (!i(d)) return (l.issues.push({ expected: 'object', code: 'invalid_type', input: d, inst: t }), l);
      l.value = u ? u.alloc(t, l, {}, a) : {};
      let m = [],
        h = c.shape,
        g = a?.abortEarly,
        y = l.issues.length;
      for (const $ of c.allKeys) {
        if (g && l.issues.length !== y) {
          if (N(l, y)) break;
          y = l.issues.length;
        }
        if ($ === '__proto__') continue;
        const A = h[$],
          R = A._zod.optin,
          cr = A._zod.optout,
          nt = A._zod.run({ value: d[$], issues: [] }, a);
        nt instanceof Promise ? m.push(nt.then((Eo) => Ye(Eo, l, $, d, R, cr))) : Ye(nt, l, $, d, R, cr);
      }
      return s ? wi(m, d, l, a, o.value, t, g === !0) : m.length ? Promise.all(m).then(() => l) : l;
    });
});
function gn(t, e, r, n) {
  for (const i of t) if (i.issues.length === 0) return ((e.value = i.value), e);
  const o = t.filter((i) => !N(i));
  return o.length === 1
    ? ((e.value = o[0].value), o[0])
    : (e.issues.push({
        code: 'invalid_union',
        input: e.value,
        inst: r,
        errors: t.map((i) => i.issues.map((s) => M(s, n, S()))),
      }),
      e);
}
var Pn = f('$ZodUnion', (t, e) => {
  z.init(t, e),
    v(t, 'optin', (n) =>
      n.def.options.some((o) => o._zod.optin === 'defaulted')
        ? 'defaulted'
        : n.def.options.some((o) => o._zod.optin !== void 0)
          ? 'optional'
          : void 0,
    ),
    v(t, 'optout', (n) => (n.def.options.some((o) => o._zod.optout === 'optional') ? 'optional' : void 0)),
    v(t, 'values', (n) => {
      if (n.def.options.every((o) => o._zod.values))
        return new Set(n.def.options.flatMap((o) => Array.from(o._zod.values)));
    }),
    v(t, 'pattern', (n) => {
      if (n.def.options.every((o) => o._zod.pattern)) {
        const o = n.def.options.map((i) => i._zod.pattern);
        return new RegExp(`^(${o.map((i) => Ke(i.source)).join('|')})$`);
      }
    });
  const r = e.options.length === 1 ? e.options[0]._zod.run : null;
  t._zod.parse = (n, o) => {
    if (r) return r(n, o);
    let i = !1,
      s = [];
    for (const c of e.options) {
      const u = c._zod.run({ value: n.value, issues: [] }, o);
      if (u instanceof Promise) s.push(u), (i = !0);
      else {
        if (u.issues.length === 0) return u;
        s.push(u);
      }
    }
    return i ? Promise.all(s).then((c) => gn(c, n, t, o)) : gn(s, n, t, o);
  };
});
var In = f('$ZodRecord', (t, e) => {
  z.init(t, e);
  const r = H.memoizer;
  r?.attach(t),
    (t._zod.parse = (n, o) => {
      const i = n.value;
      if (!Pt(i)) return (n.issues.push({ expected: 'record', code: 'invalid_type', input: i, inst: t }), n);
      const s = [],
        c = e.keyType._zod.values;
      if (c && !e.partial) {
        n.value = r ? r.alloc(t, n, {}, o) : {};
        const u = new Set();
        for (const a of c)
          if (typeof a == 'string' || typeof a == 'number' || typeof a == 'symbol') {
            if ((u.add(typeof a == 'number' ? a.toString() : a), a === '__proto__')) continue;
            const d = e.keyType._zod.run({ value: a, issues: [] }, o);
            if (d instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
            if (d.issues.length) {
              n.issues.push({
                code: 'invalid_key',
                origin: 'record',
                issues: d.issues.map((g) => M(g, o, S())),
                input: a,
                path: [a],
                inst: t,
              });
              continue;
            }
            const m = d.value;
            if (m === '__proto__') continue;
            const h = e.valueType._zod.run({ value: i[a], issues: [] }, o);
            h instanceof Promise
              ? s.push(
                  h.then((g) => {
                    g.issues.length && n.issues.push(...W(a, g.issues)), (n.value[m] = g.value);
                  }),
                )
              : (h.issues.length && n.issues.push(...W(a, h.issues)), (n.value[m] = h.value));
          }
        let l;
        for (const a in i)
          if (!u.has(a))
            if (e.mode === 'loose') {
              if (a === '__proto__') continue;
              n.value[a] = i[a];
            } else (l = l ?? []), l.push(a);
        l && l.length > 0 && n.issues.push({ code: 'unrecognized_keys', input: i, inst: t, keys: l, continue: !0 });
      } else {
        n.value = r ? r.alloc(t, n, {}, o) : {};
        let u;
        for (const l of Reflect.ownKeys(i)) {
          if (l === '__proto__' || !Object.prototype.propertyIsEnumerable.call(i, l)) continue;
          let a = e.keyType._zod.run({ value: l, issues: [] }, o);
          if (a instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
          if (typeof l == 'string' && Vt.test(l) && a.issues.length) {
            const g = e.keyType._zod.run({ value: Number(l), issues: [] }, o);
            if (g instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
            g.issues.length === 0 && (a = g);
          }
          if (a.issues.length) {
            e.mode === 'loose'
              ? (n.value[l] = i[l])
              : c
                ? ((u = u ?? []), u.push(l))
                : n.issues.push({
                    code: 'invalid_key',
                    origin: 'record',
                    issues: a.issues.map((g) => M(g, o, S())),
                    input: l,
                    path: [l],
                    inst: t,
                  });
            continue;
          }
          const m = a.value;
          if (m === '__proto__') continue;
          const h = e.valueType._zod.run({ value: i[l], issues: [] }, o);
          h instanceof Promise
            ? s.push(
                h.then((g) => {
                  g.issues.length && n.issues.push(...W(l, g.issues)), (n.value[m] = g.value);
                }),
              )
            : (h.issues.length && n.issues.push(...W(l, h.issues)), (n.value[m] = h.value));
        }
        u && u.length > 0 && n.issues.push({ code: 'unrecognized_keys', input: i, inst: t, keys: u, continue: !0 });
      }
      return s.length ? Promise.all(s).then(() => n) : n;
    });
});
var Zn = f('$ZodEnum', (t, e) => {
  z.init(t, e);
  const r = St(e.entries),
    n = new Set(r);
  (t._zod.values = n),
    v(t, 'pattern', (o) => {
      const i = St(o.def.entries).filter((s) => Wr.has(typeof s));
      return new RegExp(i.length ? `^(${i.map((s) => Zt(s.toString())).join('|')})$` : '^[^\\s\\S]$');
    }),
    (t._zod.parse = (o, i) => {
      const s = o.value;
      return (n.has(s) || o.issues.push({ code: 'invalid_value', values: r, input: s, inst: t }), o);
    });
});
var Cn = f('$ZodTransform', (t, e) => {
  z.init(t, e),
    (t._zod.optin = 'optional'),
    H.memoizer?.guard(t),
    (t._zod.parse = (r, n) => {
      if (n.direction === 'backward') throw new Be(t.constructor.name);
      const o = e.transform(r.value, r);
      if (n.async) return (o instanceof Promise ? o : Promise.resolve(o)).then((s) => ((r.value = s), r));
      if (o instanceof Promise) throw new Z();
      return ((r.value = o), r);
    });
});
function _n(t, e) {
  return ((t.value = e.issues.length ? void 0 : e.value), t);
}
var Rn = f('$ZodOptional', (t, e) => {
  z.init(t, e),
    v(t, 'optin', (r) => (r.def.innerType._zod.optin === 'defaulted' ? 'defaulted' : 'optional')),
    (t._zod.optout = 'optional'),
    v(t, 'values', (r) => {
      const n = r.def.innerType._zod.values;
      return n ? new Set([...n, void 0]) : void 0;
    }),
    v(t, 'pattern', (r) => {
      const n = r.def.innerType._zod.pattern;
      return n ? new RegExp(`^(${Ke(n.source)})?$`) : void 0;
    }),
    (t._zod.parse = (r, n) => {
      if (r.value === void 0) {
        if (e.innerType._zod.optin !== 'defaulted') return r;
        const o = e.innerType._zod.run({ value: r.value, issues: [] }, n);
        return o instanceof Promise ? o.then((i) => _n(r, i)) : _n(r, o);
      }
      return e.innerType._zod.run(r, n);
    });
});
var Ln = f('$ZodNullable', (t, e) => {
    z.init(t, e),
      v(t, 'optin', (r) => r.def.innerType._zod.optin),
      v(t, 'optout', (r) => r.def.innerType._zod.optout),
      v(t, 'pattern', (r) => {
        const n = r.def.innerType._zod.pattern;
        return n ? new RegExp(`^(${Ke(n.source)}|null)$`) : void 0;
      }),
      v(t, 'values', (r) => (r.def.innerType._zod.values ? new Set([...r.def.innerType._zod.values, null]) : void 0)),
      (t._zod.parse = (r, n) => (r.value === null ? r : e.innerType._zod.run(r, n)));
  }),
  On = f('$ZodDefault', (t, e) => {
    z.init(t, e),
      (t._zod.optin = 'defaulted'),
      v(t, 'values', (r) => r.def.innerType._zod.values),
      (t._zod.parse = (r, n) => {
        if (n.direction === 'backward') return e.innerType._zod.run(r, n);
        if (r.value === void 0) return ((r.value = e.defaultValue), r);
        const o = e.innerType._zod.run(r, n);
        return o instanceof Promise ? o.then((i) => xn(i, e)) : xn(o, e);
      });
  });
function xn(t, e) {
  return (t.value === void 0 && (t.value = e.defaultValue), t);
}
var Nn = f('$ZodPipe', (t, e) => {
  z.init(t, e),
    v(t, 'values', (r) => r.def.in._zod.values),
    v(t, 'optin', (r) => r.def.in._zod.optin),
    v(t, 'optout', (r) => r.def.out._zod.optout),
    v(t, 'propValues', (r) => r.def.in._zod.propValues),
    (t._zod.parse = (r, n) => {
      if (n.direction === 'backward') {
        const i = e.out._zod.run(r, n);
        return i instanceof Promise ? i.then((s) => Ge(s, e.in, n)) : Ge(i, e.in, n);
      }
      const o = e.in._zod.run(r, n);
      return o instanceof Promise ? o.then((i) => Ge(i, e.out, n)) : Ge(o, e.out, n);
    });
});
function Ge(t, e, r) {
  return t.issues.some((n) => n.code !== 'unrecognized_keys')
    ? ((t.aborted = !0), t)
    : e._zod.run({ value: t.value, issues: t.issues }, r);
}
var Mn = f('$ZodCustom', (t, e) => {
  U.init(t, e),
    z.init(t, e),
    (t._zod.parse = (r, n) => r),
    (t._zod.check = (r) => {
      const n = r.value,
        o = e.fn(n);
      if (o instanceof Promise) return o.then((i) => yn(i, r, n, t));
      yn(o, r, n, t);
    });
});
function yn(t, e, r, n) {
  if (!t) {
    const o = { code: 'custom', input: r, inst: n, path: [...(n._zod.def.path ?? [])], continue: !n._zod.def.abort };
    n._zod.def.params && (o.params = n._zod.def.params), e.issues.push(Nt(o));
  }
}
function Dn(t) {
  return (t.checks && (t.checks = [...t.checks]), t);
}
function Un(t, e) {
  return new t(Dn({ type: 'string', ...b(e) }));
}
function Fn(t, e) {
  return new t({ type: 'string', format: 'ipv4', check: 'string_format', abort: !1, ...b(e) });
}
function jn(t, e) {
  return new t({ type: 'string', format: 'ipv6', check: 'string_format', abort: !1, ...b(e) });
}
function Bn(t, e) {
  return new t(Dn({ type: 'number', checks: [], ...b(e) }));
}
function Vn(t, e) {
  return new t({ type: 'number', check: 'number_format', abort: !1, format: 'safeint', ...b(e) });
}
function Kn(t, e) {
  return new t({ type: 'boolean', ...b(e) });
}
function Wn(t) {
  return new t({ type: 'any' });
}
function Gn(t) {
  return new t({ type: 'unknown' });
}
function Yn(t, e) {
  return new t({ type: 'never', ...b(e) });
}
function Hn(t, e) {
  return new un({ check: 'greater_than', ...b(e), value: t, inclusive: !1 });
}
function Xe(t) {
  return Hn(0, t);
}
function C(t, e) {
  return new ln({ check: 'max_length', ...b(e), maximum: t });
}
function P(t, e) {
  return new pn({ check: 'min_length', ...b(e), minimum: t });
}
function we(t, e) {
  return new fn({ check: 'string_format', format: 'regex', ...b(e), pattern: t });
}
function Xn(t, e, r) {
  return new t({ type: 'custom', check: 'custom', fn: e, ...b(r) });
}
var w = f(
    'ZodMiniType',
    (t, e) => {
      if (!t._zod) throw new Error('Uninitialized schema in ZodMiniType.');
      z.init(t, e), (t.def = e), (t.type = e.type);
    },
    {
      get with() {
        return this.check;
      },
      set with(t) {
        X(this, 'with', t);
      },
      parse(t, e) {
        return Ft(this, t, e, { callee: this.parse });
      },
      parseAsync(t, e) {
        return jt(this, t, e, { callee: this.parseAsync });
      },
      safeParse(t, e) {
        return ze(this, t, e);
      },
      safeParseAsync(t, e) {
        return Bt(this, t, e);
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
        return be(this, t, e);
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
  Jn = f('ZodMiniString', (t, e) => {
    Gt.init(t, e), w.init(t, e);
  });
function p(t) {
  return Un(Jn, t);
}
var Qn = f('ZodMiniStringFormat', (t, e) => {
  He.init(t, e), Jn.init(t, e);
});
var Ai = f('ZodMiniIPv4', (t, e) => {
  vn.init(t, e), Qn.init(t, e);
});
function eo(t) {
  return Fn(Ai, t);
}
var Si = f('ZodMiniIPv6', (t, e) => {
  zn.init(t, e), Qn.init(t, e);
});
function to(t) {
  return jn(Si, t);
}
var ro = f('ZodMiniNumber', (t, e) => {
  Yt.init(t, e), w.init(t, e);
});
function $e(t) {
  return Bn(ro, t);
}
var ki = f('ZodMiniNumberFormat', (t, e) => {
  wn.init(t, e), ro.init(t, e);
});
function Ht(t) {
  return Vn(ki, t);
}
var Ti = f('ZodMiniBoolean', (t, e) => {
  $n.init(t, e), w.init(t, e);
});
function ne(t) {
  return Kn(Ti, t);
}
var Pi = f('ZodMiniAny', (t, e) => {
  En.init(t, e), w.init(t, e);
});
function Xt() {
  return Wn(Pi);
}
var Ii = f('ZodMiniUnknown', (t, e) => {
  An.init(t, e), w.init(t, e);
});
function Zi() {
  return Gn(Ii);
}
var Ci = f('ZodMiniNever', (t, e) => {
  Sn.init(t, e), w.init(t, e);
});
function Ri(t) {
  return Yn(Ci, t);
}
var Li = f('ZodMiniArray', (t, e) => {
  kn.init(t, e), w.init(t, e);
});
function no(t, e) {
  return new Li({ type: 'array', element: t, ...b(e) });
}
var qt = f('ZodMiniObject', (t, e) => {
  Tn.init(t, e), w.init(t, e), qr(t, 'shape', (r) => r._zod.def.shape, !1);
});
function I(t, e) {
  const r = { type: 'object', shape: t ?? {}, ...b(e) };
  return new qt(r);
}
function oo(t, e) {
  return new qt({ type: 'object', shape: t, catchall: Ri(), ...b(e) });
}
function oe(t, e) {
  return new qt({ type: 'object', shape: t, catchall: Zi(), ...b(e) });
}
var Oi = f('ZodMiniUnion', (t, e) => {
  Pn.init(t, e), w.init(t, e);
});
function io(t, e) {
  return new Oi({ type: 'union', options: t, ...b(e) });
}
var qn = f('ZodMiniRecord', (t, e) => {
  In.init(t, e), w.init(t, e);
});
function qe(t, e, r) {
  return !e || !e._zod
    ? new qn({ type: 'record', keyType: p(), valueType: t, ...b(e) })
    : new qn({ type: 'record', keyType: t, valueType: e, ...b(r) });
}
var Ni = f('ZodMiniEnum', (t, e) => {
  Zn.init(t, e), w.init(t, e), (t.options = [...t._zod.values]);
});
function so(t, e) {
  const r = Array.isArray(t) ? Object.fromEntries(t.map((n) => [n, n])) : t;
  return new Ni({ type: 'enum', entries: r, ...b(e) });
}
var Mi = f('ZodMiniTransform', (t, e) => {
  Cn.init(t, e), w.init(t, e);
});
function Jt(t) {
  return new Mi({ type: 'transform', transform: t });
}
var Di = f('ZodMiniOptional', (t, e) => {
  Rn.init(t, e), w.init(t, e);
});
function _(t) {
  return new Di({ type: 'optional', innerType: t });
}
var Ui = f('ZodMiniNullable', (t, e) => {
  Ln.init(t, e), w.init(t, e);
});
function Qt(t) {
  return new Ui({ type: 'nullable', innerType: t });
}
function F(t) {
  return _(Qt(t));
}
var Fi = f('ZodMiniDefault', (t, e) => {
  On.init(t, e), w.init(t, e);
});
function er(t, e) {
  return new Fi({
    type: 'default',
    innerType: t,
    get defaultValue() {
      return typeof e == 'function' ? e() : It(e);
    },
  });
}
var ji = f('ZodMiniPipe', (t, e) => {
  Nn.init(t, e), w.init(t, e);
});
function Je(t, e) {
  return new ji({ type: 'pipe', in: t, out: e });
}
var Bi = f('ZodMiniCustom', (t, e) => {
  Mn.init(t, e), w.init(t, e);
});
function Qe(t, e = {}) {
  return Xn(Bi, t, e);
}
S(Dt());
function tr(t, e) {
  const r = ze(t, e);
  if (r.success) return r.data;
  const n = r.error;
  throw ((n.name = 'ZodError'), Error.captureStackTrace(n, tr), n);
}
var rr = no(p()),
  tt = qe(p(), p()),
  Wi = I({
    clientCertPem: p(),
    subjectDN: p(),
    issuerDN: p(),
    serialNumber: p(),
    validity: I({ notBefore: p(), notAfter: p() }),
  }),
  Gi = I({
    jwt: _(I({ claims: qe(p(), Xt()), scopes: Qt(rr) })),
    iam: _(
      I({
        accessKey: _(p()),
        accountId: _(p()),
        callerId: _(p()),
        principalOrgId: F(p()),
        userArn: _(p()),
        userId: _(p()),
        cognitoIdentity: F(I({ amr: rr, identityId: p(), identityPoolId: p() })),
      }),
    ),
    lambda: F(qe(p(), Xt())),
  }),
  Yi = I({
    accountId: p(),
    apiId: p(),
    authorizer: _(Gi),
    authentication: F(I({ clientCert: _(Wi) })),
    domainName: p(),
    domainPrefix: p(),
    http: I({
      method: so(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
      path: p(),
      protocol: p(),
      sourceIp: io([eo(), to()]),
      userAgent: p(),
    }),
    requestId: p(),
    routeKey: p(),
    stage: p(),
    time: p(),
    timeEpoch: $e(),
  }),
  co = I({
    version: p(),
    routeKey: p(),
    rawPath: p(),
    rawQueryString: p(),
    cookies: _(rr),
    headers: tt,
    queryStringParameters: _(tt),
    requestContext: Yi,
    body: _(p()),
    pathParameters: F(tt),
    isBase64Encoded: ne(),
    stageVariables: F(tt),
  });
var uo = require('@aws-sdk/client-secrets-manager');
function nr(t, e, r, n = {}) {
  let o = n.ttlMs ?? 3e5,
    i = n.now ?? Date.now,
    s;
  return async () => {
    if (!s || i() - s.at > o) {
      const c = await t.send(new uo.GetSecretValueCommand({ SecretId: e, VersionStage: 'AWSCURRENT' }));
      s = { value: Hi(c.SecretString ?? '', r), at: i() };
    }
    return (Me(s.value), s.value);
  };
}
function Hi(t, e) {
  if (!t.trim().startsWith('{')) return t.trim();
  try {
    const r = JSON.parse(t);
    for (const n of e) if (typeof r[n] == 'string') return r[n];
  } catch {}
  return t.trim();
}
var vo = require('@aws-sdk/client-eventbridge');
var ao = require('node:crypto'),
  fo = require('node:crypto'),
  or = require('node:buffer'),
  lo = '6.0.0';
async function po(t, e) {
  if (!t || !e) throw new TypeError('[@octokit/webhooks-methods] secret & payload required for sign()');
  if (typeof e != 'string') throw new TypeError('[@octokit/webhooks-methods] payload must be a string');
  const r = 'sha256';
  return `${r}=${(0, ao.createHmac)(r, t).update(e).digest('hex')}`;
}
po.VERSION = lo;
async function ir(t, e, r) {
  if (!t || !e || !r) throw new TypeError('[@octokit/webhooks-methods] secret, eventPayload & signature required');
  if (typeof e != 'string') throw new TypeError('[@octokit/webhooks-methods] eventPayload must be a string');
  const n = or.Buffer.from(r),
    o = or.Buffer.from(await po(t, e));
  return n.length !== o.length ? !1 : (0, fo.timingSafeEqual)(n, o);
}
ir.VERSION = lo;
var mo = require('node:crypto');
function rt(t) {
  return (0, mo.createHash)('sha256').update(t, 'utf8').digest('hex');
}
var Xi = /^[^\s…]{1,12}…[^\s…]{4}$/,
  qi = new Set(['anthropic', 'openai', 'rekey-generated', 'bearer']),
  ho = Je(
    oo({
      findingId: p().check(P(1), C(256)),
      source: er(
        p().check(P(1), C(64), we(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits and ._- only')),
        'custom',
      ),
      fingerprint: _(p().check(we(/^[0-9a-f]{64}$/, 'must be the lowercase hex SHA-256 of the key'))),
      keyId: _(
        p().check(
          P(1),
          C(256),
          Qe((t) => !qi.has(Or(t)), { message: 'looks like a key itself; send its fingerprint instead' }),
        ),
      ),
      keyHint: _(
        Je(
          Je(
            p().check(C(64)),
            Jt((t) => t.replace('...', '\u2026')),
          ),
          p().check(we(Xi, 'must be the redacted form prefix\u2026last4, e.g. "sk-proj-\u2026a1B2"')),
        ),
      ),
      abuse: er(ne(), !1),
      location: _(p().check(C(1e3))),
      reason: _(p().check(C(500))),
      secretType: _(p().check(C(128))),
      detectedAt: _(p().check(C(64))),
    }).check(
      Qe((t) => t.fingerprint || t.keyId || t.keyHint, {
        message: 'a finding must name the key by fingerprint, keyId or keyHint',
      }),
      Qe((t) => !Qi(t.findingId, t.fingerprint), {
        message: 'quotes a key; use an id that names where it was found, not what',
        path: ['findingId'],
      }),
    ),
    Jt((t) => ({
      ...t,
      ...(t.location !== void 0 ? { location: sr(t.location, t.fingerprint) } : {}),
      ...(t.reason !== void 0 ? { reason: sr(t.reason, t.fingerprint) } : {}),
    })),
  );
function sr(t, e) {
  const r = _e(t);
  return e ? r.replace(/[^\s"'`=:,;()<>[\]{}]{8,}/g, (n) => (rt(n) === e ? he : n)) : r;
}
var Ji = ge.filter((t) => t.kind !== 'aws-access-key');
function Qi(t, e) {
  for (const { re: r, requires: n } of Ji)
    if (!(n && !n.test(t)) && new RegExp(r.source, r.flags.replace('g', '')).test(t)) return !0;
  return e !== void 0 && sr(t, e) !== _e(t);
}
var es = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$/;
function ts(t) {
  return es.test(t);
}
function go(t) {
  const e = t.trim();
  return ts(e) ? { keyId: e, fingerprint: rt(e) } : { fingerprint: rt(e) };
}
var _o = oe({
  action: p().check(P(1)),
  alert: oe({
    number: $e().check(Ht(), Xe()),
    secret_type: _(p()),
    validity: _(p()),
    html_url: _(p()),
    created_at: _(p()),
  }),
  repository: oe({ name: p().check(P(1)), full_name: p().check(P(1)), owner: oe({ login: p().check(P(1)) }) }),
});
function xo(t) {
  switch (t.action) {
    case 'created':
    case 'reopened':
    case 'publicly_leaked':
      return !0;
    case 'validated':
      return t.alert.validity === 'active';
    default:
      return !1;
  }
}
var yo = oe({
  number: $e().check(Ht(), Xe()),
  state: _(p()),
  secret_type: _(p()),
  secret: p().check(P(1)),
  validity: _(p()),
  html_url: _(p()),
  created_at: _(p()),
  publicly_leaked: F(ne()),
});
async function bo(t, e) {
  let r = `${e.baseUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.repo)}/secret-scanning/alerts/${t.number}`,
    n = `${t.owner}/${t.repo}#${t.number}`,
    o;
  try {
    o = await (e.fetch ?? globalThis.fetch)(r, {
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${e.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'rekey-github-webhook',
      },
      signal: AbortSignal.timeout(e.timeoutMs ?? 5e3),
    });
  } catch (a) {
    throw new Y(`fetching secret scanning alert ${n} failed: ${a.name}`);
  }
  if (!o.ok)
    throw (
      await o.arrayBuffer().catch(() => {}),
      new Y(`GitHub answered ${o.status} for secret scanning alert ${n}`, o.status)
    );
  let i;
  try {
    i = JSON.parse(await o.text());
  } catch {
    throw new Y(`secret scanning alert ${n} is not JSON`, o.status);
  }
  const s = yo.safeParse(i);
  if (!s.success) {
    const a = s.error.issues.map((d) => d.path.join('.') || '(root)').join(', ');
    throw new Y(`secret scanning alert ${n} does not have the documented shape (bad fields: ${a})`);
  }
  const { secret: c, ...u } = s.data;
  Me(c);
  const l = go(c);
  return {
    number: u.number,
    ...(u.secret_type ? { secretType: u.secret_type } : {}),
    ...(u.html_url ? { htmlUrl: u.html_url } : {}),
    ...(u.created_at ? { createdAt: u.created_at } : {}),
    ...l,
  };
}
var rs = /^[A-Za-z0-9-]{1,100}$/;
async function zo(t, e) {
  let r,
    n = !1;
  try {
    if (t.method.toUpperCase() !== 'POST') throw new Fe(t.method);
    const o = t.headers['x-hub-signature-256'];
    if (!o) throw new De();
    const i = ns(t);
    if (i.length === 0) throw new V('delivery has no body');
    if (!(await ir(await e.webhookSecret(), i, o).catch(() => !1))) throw new Ue();
    r = t.headers['x-github-delivery'];
    const s = t.headers['x-github-event'];
    if (!r || !rs.test(r)) throw new V('missing or malformed X-GitHub-Delivery');
    if (!s) throw new V('missing X-GitHub-Event');
    if ((await e.deliveries.claim(r, s), (n = !0), s !== 'secret_scanning_alert')) {
      const h = s === 'ping' ? 'pong' : 'ignored';
      return (await e.deliveries.complete(r, h), Ee(202, { status: h, deliveryId: r }));
    }
    const c = _o.safeParse(os(i, t.headers['content-type']));
    if (!c.success) {
      const h = c.error.issues.map((g) => g.path.join('.') || '(root)').join(', ');
      throw new V(`secret_scanning_alert payload does not have the documented shape (bad fields: ${h})`);
    }
    const { alert: u, repository: l } = c.data,
      a = `${l.full_name}#${u.number}`;
    if (!xo(c.data))
      return (
        await e.deliveries.complete(r, `ignored ${c.data.action}`),
        k.info('secret scanning alert action needs no rotation', {
          deliveryId: r,
          findingId: a,
          action: c.data.action,
        }),
        Ee(202, { status: 'ignored', deliveryId: r, action: c.data.action })
      );
    const d = await bo(
        { owner: l.owner.login, repo: l.name, number: u.number },
        { baseUrl: e.apiBaseUrl ?? G.githubApiBaseUrl, token: await e.githubToken(), fetch: e.fetch },
      ),
      m = is(a, d, u.html_url);
    return (
      await ss(m, e),
      await e.deliveries.complete(r, 'published'),
      k.info('secret scanning alert published as a finding', { deliveryId: r, findingId: a, action: c.data.action }),
      Ee(202, { status: 'accepted', deliveryId: r, findingId: a })
    );
  } catch (o) {
    const i = o instanceof T ? o : void 0;
    if ((n && r && (!i || i.statusCode >= 500) && (await e.deliveries.release(r).catch(() => {})), !i))
      return (
        k.error('webhook delivery failed', { deliveryId: r, errorName: o.name, error: o }),
        Ee(500, { status: 'error', message: 'internal error' })
      );
    (i.statusCode >= 500 ? k.error.bind(k) : k.warn.bind(k))('webhook delivery refused', {
      deliveryId: r,
      errorName: i.name,
      statusCode: i.statusCode,
      message: i.message,
    });
    const c = i instanceof te ? 'replayed' : i.statusCode >= 500 ? 'error' : 'refused';
    return Ee(i.statusCode, { status: c, message: i.message });
  }
}
function ns(t) {
  return t.body === void 0 ? '' : t.isBase64Encoded ? Buffer.from(t.body, 'base64').toString('utf8') : t.body;
}
function os(t, e) {
  const r = e?.startsWith('application/x-www-form-urlencoded') ? (new URLSearchParams(t).get('payload') ?? '') : t;
  try {
    return JSON.parse(r);
  } catch {
    throw new V('body is not JSON');
  }
}
function is(t, e, r) {
  return tr(ho, {
    findingId: t,
    source: 'github',
    ...(e.fingerprint ? { fingerprint: e.fingerprint } : {}),
    ...(e.keyId ? { keyId: e.keyId } : {}),
    abuse: !1,
    location: (e.htmlUrl ?? r ?? t).slice(0, 1e3),
    reason: `GitHub secret scanning alert (${e.secretType ?? 'unknown type'})`.slice(0, 500),
    ...(e.secretType ? { secretType: e.secretType.slice(0, 128) } : {}),
    ...(e.createdAt ? { detectedAt: e.createdAt } : {}),
  });
}
async function ss(t, e) {
  let r;
  try {
    r = await e.events.send(
      new vo.PutEventsCommand({
        Entries: [
          { EventBusName: e.eventBusName, Source: q.source, DetailType: q.detailType, Detail: JSON.stringify(t) },
        ],
      }),
    );
  } catch (n) {
    throw new xe(`PutEvents failed: ${n.name}`, { cause: n });
  }
  if ((r.FailedEntryCount ?? 0) > 0)
    throw new xe(`PutEvents refused the finding: ${r.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
}
function Ee(t, e) {
  return { statusCode: t, headers: { 'content-type': 'application/json' }, body: JSON.stringify(e) };
}
var cs = it($o);
function $o() {
  const t = gr();
  return {
    webhookSecret: nr(t.sm, Te(j.githubWebhookSecretArn), ['secret', 'webhookSecret']),
    githubToken: nr(t.sm, Te(j.githubTokenSecretArn), ['token', 'apiKey']),
    deliveries: new je(t.doc, Te(j.inventoryTable)),
    events: new wo.EventBridgeClient(Se()),
    eventBusName: process.env[j.eventBusName] || G.eventBusName,
    apiBaseUrl: process.env[j.githubApiBaseUrl] || G.githubApiBaseUrl,
  };
}
async function us(t, e) {
  e && k.addContext(e);
  try {
    const r = co.safeParse(t);
    if (!r.success)
      return (
        k.warn('not a function URL request'),
        { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{"status":"refused"}' }
      );
    const n = r.data;
    return await zo(
      {
        method: n.requestContext.http.method,
        headers: Object.fromEntries(Object.entries(n.headers).map(([o, i]) => [o.toLowerCase(), i])),
        ...(n.body !== void 0 ? { body: n.body } : {}),
        isBase64Encoded: n.isBase64Encoded,
      },
      cs(),
    );
  } finally {
    Nr();
  }
}
0 && (module.exports = { fromEnvironment, handler });
/*! Bundled license information:

@aws-lambda-powertools/logger/lib/esm/logBuffer.js:
@aws-lambda-powertools/logger/lib/esm/Logger.js:
  (* v8 ignore next -- @preserve *)
*/
//# sourceMappingURL=index.js.map
