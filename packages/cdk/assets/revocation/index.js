'use strict';
var Ci = Object.create;
var Ye = Object.defineProperty;
var zi = Object.getOwnPropertyDescriptor;
var Ni = Object.getOwnPropertyNames;
var Mi = Object.getPrototypeOf,
  Oi = Object.prototype.hasOwnProperty;
var Jr = (r, e) => {
    for (var t in e) Ye(r, t, { get: e[t], enumerable: !0 });
  },
  qr = (r, e, t, n) => {
    if ((e && typeof e == 'object') || typeof e == 'function')
      for (const o of Ni(e))
        !Oi.call(r, o) && o !== t && Ye(r, o, { get: () => e[o], enumerable: !(n = zi(e, o)) || n.enumerable });
    return r;
  };
var Zi = (r, e, t) => (
    (t = r != null ? Ci(Mi(r)) : {}),
    qr(e || !r || !r.__esModule ? Ye(t, 'default', { value: r, enumerable: !0 }) : t, r)
  ),
  Di = (r) => qr(Ye({}, '__esModule', { value: !0 }), r);
var pa = {};
Jr(pa, { METRICS_NAMESPACE: () => it, TaskEventSchema: () => Ii, fromEnvironment: () => Ti, handler: () => da });
module.exports = Di(pa);
var Qr = 'ColdStart',
  en = 'default_namespace';
var z = {
    Seconds: 'Seconds',
    Microseconds: 'Microseconds',
    Milliseconds: 'Milliseconds',
    Bytes: 'Bytes',
    Kilobytes: 'Kilobytes',
    Megabytes: 'Megabytes',
    Gigabytes: 'Gigabytes',
    Terabytes: 'Terabytes',
    Bits: 'Bits',
    Kilobits: 'Kilobits',
    Megabits: 'Megabits',
    Gigabits: 'Gigabits',
    Terabits: 'Terabits',
    Percent: 'Percent',
    Count: 'Count',
    BytesPerSecond: 'Bytes/Second',
    KilobytesPerSecond: 'Kilobytes/Second',
    MegabytesPerSecond: 'Megabytes/Second',
    GigabytesPerSecond: 'Gigabytes/Second',
    TerabytesPerSecond: 'Terabytes/Second',
    BitsPerSecond: 'Bits/Second',
    KilobitsPerSecond: 'Kilobits/Second',
    MegabitsPerSecond: 'Megabits/Second',
    GigabitsPerSecond: 'Gigabits/Second',
    TerabitsPerSecond: 'Terabits/Second',
    CountPerSecond: 'Count/Second',
    NoUnit: 'None',
  },
  Y = { Standard: 60, High: 1 };
var yn = require('node:console');
var Xe = '2.36.0';
var ya = process.env.AWS_EXECUTION_ENV || 'NA';
var Je = 'powertools-for-aws',
  tn = `${Je}.tracer`,
  rn = `${Je}.metrics`,
  nn = `${Je}.logger`,
  on = `${Je}.idempotency`;
var qe = (r) => typeof r == 'string',
  Qe = (r) => typeof r == 'number',
  Ae = (r) => Qe(r) && Number.isInteger(r);
var sn = (r) => Object.is(r, null),
  an = (r) => sn(r) || Object.is(r, void 0),
  ue = (r) => !!(an(r) || !qe(r) || r.trim().length === 0);
var Ut = 'AWS_LAMBDA_INITIALIZATION_TYPE',
  cn = 'AWS_LAMBDA_MAX_CONCURRENCY',
  un = 'POWERTOOLS_DEV',
  ln = 'POWERTOOLS_SERVICE_NAME';
var Se = class {
  #e;
  coldStart = !0;
  defaultServiceName = 'service_undefined';
  constructor() {
    (this.#e = this.getInitializationType()), this.#e !== 'on-demand' && (this.coldStart = !1);
  }
  getInitializationType() {
    const e = process.env[Ut]?.trim();
    return e === 'on-demand' ? 'on-demand' : e === 'provisioned-concurrency' ? 'provisioned-concurrency' : 'unknown';
  }
  getColdStart() {
    return this.#e !== 'on-demand' ? !1 : this.coldStart ? ((this.coldStart = !1), !0) : !1;
  }
  isValidServiceName(e) {
    return typeof e == 'string' && e.trim().length > 0;
  }
};
var Li = process.env.AWS_EXECUTION_ENV || 'NA';
if (!process.env.AWS_SDK_UA_APP_ID?.includes('/PTEnv/')) {
  const r = `PT/NO-OP/${Xe}/PTEnv/${Li}`;
  process.env.AWS_SDK_UA_APP_ID = process.env.AWS_SDK_UA_APP_ID ? `${process.env.AWS_SDK_UA_APP_ID}/${r}` : r;
}
var X = {
    REQUEST_ID: Symbol.for('_AWS_LAMBDA_REQUEST_ID'),
    X_RAY_TRACE_ID: Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID'),
    TENANT_ID: Symbol.for('_AWS_LAMBDA_TENANT_ID'),
    TRACEPARENT: Symbol.for('_AWS_LAMBDA_TRACEPARENT'),
    TRACESTATE: Symbol.for('_AWS_LAMBDA_TRACESTATE'),
    BAGGAGE: Symbol.for('_AWS_LAMBDA_BAGGAGE'),
  },
  Vt = ['true', '1'].includes(process.env?.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? '');
Vt || (globalThis.awslambda = globalThis.awslambda || {});
var et = class {
    static PROTECTED_KEYS = X;
    isProtectedKey(e) {
      return Object.values(X).includes(e);
    }
    getRequestId() {
      return this.get(X.REQUEST_ID) ?? '-';
    }
    getXRayTraceId() {
      return this.get(X.X_RAY_TRACE_ID);
    }
    getTenantId() {
      return this.get(X.TENANT_ID);
    }
    getTraceparent() {
      return this.get(X.TRACEPARENT);
    }
    getTracestate() {
      return this.get(X.TRACESTATE);
    }
    getBaggage() {
      return this.get(X.BAGGAGE);
    }
  },
  jt = class extends et {
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
  Ft = class r extends et {
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
  dn;
((r) => {
  let e = null;
  async function t(n) {
    return (
      e ||
        (e = (async () => {
          const i = n === !0 || 'AWS_LAMBDA_MAX_CONCURRENCY' in process.env ? await Ft.create() : new jt();
          return !Vt && globalThis.awslambda?.InvokeStore
            ? globalThis.awslambda.InvokeStore
            : (!Vt && globalThis.awslambda && (globalThis.awslambda.InvokeStore = i), i);
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
})(dn || (dn = {}));
var le = ({ key: r, defaultValue: e, errorMessage: t }) => {
  const n = process.env[r];
  if (n === void 0) {
    if (e !== void 0) return e;
    throw t ? new Error(t) : new Error(`Environment variable ${r} is required`);
  }
  return n.trim();
};
var Ki = new Set(['1', 'y', 'yes', 't', 'true', 'on']),
  Ui = new Set(['0', 'n', 'no', 'f', 'false', 'off']),
  Bt = ({ key: r, defaultValue: e, errorMessage: t, extendedParsing: n }) => {
    const i = le({ key: r, defaultValue: String(e), errorMessage: t }).toLowerCase();
    if (n) {
      if (Ki.has(i)) return !0;
      if (Ui.has(i)) return !1;
    }
    if (i !== 'true' && i !== 'false') throw new Error(`Environment variable ${r} must be a boolean`);
    return i === 'true';
  },
  pn = () => {
    try {
      return Bt({ key: un, extendedParsing: !0 });
    } catch {
      return !1;
    }
  };
var fn = () => le({ key: ln, defaultValue: '' });
var mn = () => le({ key: cn, defaultValue: '' }) !== '';
var O = class {
  #e;
  #t;
  #o;
  #r;
  constructor(e, t) {
    if (((this.#e = Symbol(e)), 'fresh' in t)) (this.#t = t.fresh), (this.#o = !0);
    else {
      const { initial: n } = t;
      (this.#t = () => n), (this.#o = !1);
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
    const n = this.#t();
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
  #n() {
    if (!mn()) return;
    const e = globalThis.awslambda?.InvokeStore;
    if (e === void 0) throw new Error('InvokeStore is not available');
    return e.hasContext() ? e : void 0;
  }
};
var tt = class {
  #e = new O('powertools.metrics.dimensions', { fresh: () => ({}) });
  #t = new O('powertools.metrics.dimensionSets', { fresh: () => [] });
  #o = {};
  #r() {
    return this.#e.get();
  }
  #n() {
    return this.#t.get();
  }
  addDimension(e, t) {
    return ((this.#r()[e] = t), t);
  }
  addDimensionSet(e) {
    return (this.#n().push({ ...e }), e);
  }
  getDimensions() {
    return { ...this.#r() };
  }
  getDimensionSets() {
    return this.#n().map((e) => ({ ...e }));
  }
  clearRequestDimensions() {
    this.#e.reset(), this.#t.reset();
  }
  clearDefaultDimensions() {
    this.#o = {};
  }
  setDefaultDimensions(e) {
    this.#o = { ...e };
  }
  getDefaultDimensions() {
    return { ...this.#o };
  }
};
var rt = class {
  #e = new O('powertools.metrics.metadata', { fresh: () => ({}) });
  #t() {
    return this.#e.get();
  }
  set(e, t) {
    return ((this.#t()[e] = t), t);
  }
  getAll() {
    return { ...this.#t() };
  }
  clear() {
    this.#e.reset();
  }
};
var nt = class {
  #e = new O('powertools.metrics.storedMetrics', { fresh: () => ({}) });
  #t = new O('powertools.metrics.timestamp', { initial: void 0 });
  #o() {
    return this.#e.get();
  }
  getMetric(e) {
    return this.#o()[e];
  }
  setMetric(e, t, n, o = Y.Standard) {
    const i = this.#o(),
      s = i[e];
    if (s === void 0) {
      const a = { name: e, unit: t, value: n, resolution: o };
      return ((i[e] = a), { ...a });
    }
    if (s.unit !== t) {
      const a = s.unit;
      throw new Error(
        `Metric "${e}" has already been added with unit "${a}", but we received unit "${t}". Did you mean to use metric unit "${a}"?`,
      );
    }
    return (Array.isArray(s.value) || (s.value = [s.value]), s.value.push(n), { ...s, value: [...s.value] });
  }
  getMetricNames() {
    return Object.keys(this.#o());
  }
  getAllMetrics() {
    return Object.values(this.#o());
  }
  clearMetrics() {
    this.#e.reset(), this.#t.set(void 0);
  }
  hasMetrics() {
    return this.getMetricNames().length > 0;
  }
  getMetricsCount() {
    return this.getMetricNames().length;
  }
  getTimestamp() {
    return this.#t.get();
  }
  setTimestamp(e) {
    const t = this.#r(e);
    return (this.#t.set(t), t);
  }
  #r(e) {
    return Ae(e) ? e : e instanceof Date ? e.getTime() : 0;
  }
};
var $e = class r extends Se {
  console;
  customConfigService;
  #e = new tt();
  functionName;
  #t;
  isSingleMetric = !1;
  #o = new rt();
  namespace;
  shouldThrowOnEmptyMetrics = !1;
  #r = new nt();
  disabled = !1;
  #n = { namespace: '', functionName: '', serviceName: '', disabled: !1, devMode: !1 };
  constructor(e = {}) {
    super(), this.setEnvConfig(), this.setConsole(), (this.#t = e.logger || this.console), this.setOptions(e);
  }
  addDimension(e, t) {
    if (ue(e) || ue(t))
      return (
        this.#t.warn(
          `The dimension ${e} doesn't meet the requirements and won't be added. Ensure the dimension name and value are non empty strings`,
        ),
        this
      );
    const n = this.#e.getDimensions(),
      o = this.#e.getDefaultDimensions();
    if (new Set([...Object.keys(o), ...Object.keys(n), e]).size > 29)
      throw new RangeError(`The number of metric dimensions must be lower than ${29}`);
    return (
      (Object.hasOwn(n, e) || Object.hasOwn(o, e)) &&
        this.#t.warn(`Dimension "${e}" has already been added. The previous value will be overwritten.`),
      this.#e.addDimension(e, t),
      this
    );
  }
  addDimensions(e) {
    const t = this.#c(e),
      n = this.#e.getDefaultDimensions();
    if (new Set([...Object.keys(n), ...Object.keys(t)]).size > 29)
      throw new RangeError(`The number of metric dimensions must be lower than ${29}`);
    return (this.#e.addDimensionSet(t), this);
  }
  addMetadata(e, t) {
    return (this.#o.set(e, t), this);
  }
  addMetric(e, t, n, o = Y.Standard) {
    return (this.storeMetric(e, t, n, o), this.isSingleMetric && this.publishStoredMetrics(), this);
  }
  captureColdStartMetric(e) {
    if (!this.getColdStart()) return;
    const t = this.singleMetric(),
      n = this.functionName?.trim() ?? e?.trim();
    n && n.length > 0 && t.addDimension('function_name', n), t.addMetric(Qr, z.Count, 1);
  }
  clearDefaultDimensions() {
    this.#e.clearDefaultDimensions();
  }
  clearDimensions() {
    this.#e.clearRequestDimensions();
  }
  clearMetadata() {
    this.#o.clear();
  }
  clearMetrics() {
    this.#r.clearMetrics();
  }
  hasStoredMetrics() {
    return this.#r.hasMetrics();
  }
  isDisabled() {
    return this.disabled;
  }
  logMetrics(e = {}) {
    const { throwOnEmptyMetrics: t, defaultDimensions: n, captureColdStartMetric: o } = e;
    return (
      t && this.setThrowOnEmptyMetrics(t),
      n !== void 0 && this.setDefaultDimensions(n),
      (i, s, a) => {
        const c = a.value,
          u = this;
        return (
          (a.value = async function (...l) {
            o && u.captureColdStartMetric(l[1].functionName);
            let d;
            try {
              d = await c.apply(this, l);
            } finally {
              u.publishStoredMetrics();
            }
            return d;
          }),
          a
        );
      }
    );
  }
  publishStoredMetrics() {
    const e = this.hasStoredMetrics();
    !this.shouldThrowOnEmptyMetrics &&
      !e &&
      this.#t.warn(
        'No application metrics to publish. The cold-start metric may be published if enabled. If application metrics should never be empty, consider using `throwOnEmptyMetrics`',
      );
    try {
      if (!this.disabled) {
        const t = this.serializeMetrics();
        e && this.console.log(JSON.stringify(t));
      }
    } finally {
      this.clearMetrics(), this.clearDimensions(), this.clearMetadata();
    }
    return this;
  }
  [Symbol.dispose]() {
    this.publishStoredMetrics();
  }
  setTimestamp(e) {
    return (
      this.#i(e) ||
        this.#t.warn(
          "This metric doesn't meet the requirements and will be skipped by Amazon CloudWatch. Ensure the timestamp is within 14 days in the past or up to 2 hours in the future and is also a valid number or Date object.",
        ),
      this.#r.setTimestamp(e),
      this
    );
  }
  serializeMetrics() {
    const e = this.#r
      .getAllMetrics()
      .map((c) => ({
        Name: c.name,
        Unit: c.unit,
        ...(c.resolution === Y.High ? { StorageResolution: c.resolution } : {}),
      }));
    if (e.length === 0 && this.shouldThrowOnEmptyMetrics)
      throw new RangeError('The number of metrics recorded must be higher than zero');
    this.namespace || this.#t.warn('Namespace should be defined, default used');
    const t = this.#r.getAllMetrics().reduce((c, { name: u, value: l }) => ((c[u] = l), c), {}),
      n = [],
      o = this.#e.getDimensions(),
      i = this.#e.getDimensionSets(),
      s = this.#e.getDefaultDimensions(),
      a = new Set([...Object.keys(s), ...Object.keys(o)]);
    Object.keys(o).length > 0 && n.push([...a]);
    for (const c of i) {
      const u = new Set([...Object.keys(s), ...Object.keys(c)]);
      n.push([...u]);
    }
    return (
      n.length === 0 && Object.keys(s).length > 0 && n.push(Object.keys(s)),
      this.#a(s, o, i, t, this.#o.getAll()),
      {
        _aws: {
          Timestamp: this.#r.getTimestamp() ?? Date.now(),
          CloudWatchMetrics: [{ Namespace: this.namespace || en, Dimensions: n, Metrics: e }],
        },
        ...this.#o.getAll(),
        ...s,
        ...o,
        ...i.reduce((c, u) => {
          for (const [l, d] of Object.entries(u)) c[l] = d;
          return c;
        }, {}),
        ...t,
      }
    );
  }
  #a(e, t, n, o, i) {
    const s = new Map(),
      a = (c, u) => {
        const l = s.get(c);
        l !== void 0 &&
          this.#t.warn(
            `EMF key "${c}" is defined as both a ${l} and ${u}; the ${u} value will take precedence in the serialized output`,
          ),
          s.set(c, u);
      };
    for (const c of Object.keys(i)) a(c, 'metadata');
    for (const c of Object.keys(e)) a(c, 'default dimension');
    for (const c of Object.keys(t)) a(c, 'dimension');
    for (const c of n) for (const u of Object.keys(c)) a(u, 'dimension set');
    for (const c of Object.keys(o)) {
      const u = s.get(c);
      if (u !== void 0)
        throw new Error(`EMF key collision on "${c}": registered as both a metric (number) and a ${u} (string)`);
    }
  }
  setDefaultDimensions(e) {
    let t = this.#c(e),
      n = this.#e.getDefaultDimensions(),
      o = this.#e.getDimensions(),
      i = this.#e.getDimensionSets(),
      s = [...Object.keys(n), ...Object.keys(t)],
      a = Object.keys(o),
      c = a.length > 0 ? new Set([...s, ...a]).size : new Set(s).size;
    for (const u of i) {
      const l = new Set([...s, ...Object.keys(u)]).size;
      l > c && (c = l);
    }
    if (c > 29) throw new RangeError(`The number of metric dimensions must be lower than ${29}`);
    return (this.#e.setDefaultDimensions({ ...n, ...t }), this);
  }
  setFunctionName(e) {
    this.functionName = e;
  }
  setThrowOnEmptyMetrics(e) {
    return ((this.shouldThrowOnEmptyMetrics = e), this);
  }
  singleMetric() {
    return new r({
      namespace: this.namespace,
      defaultDimensions: this.#e.getDefaultDimensions(),
      singleMetric: !0,
      logger: this.#t,
    });
  }
  throwOnEmptyMetrics() {
    this.shouldThrowOnEmptyMetrics = !0;
  }
  getCustomConfigService() {
    return this.customConfigService;
  }
  setConsole() {
    this.#n.devMode
      ? (this.console = console)
      : (this.console = new yn.Console({ stdout: process.stdout, stderr: process.stderr }));
  }
  setCustomConfigService(e) {
    this.customConfigService = e;
  }
  setEnvConfig() {
    (this.#n.namespace = le({ key: 'POWERTOOLS_METRICS_NAMESPACE', defaultValue: '' })),
      (this.#n.functionName = le({ key: 'POWERTOOLS_METRICS_FUNCTION_NAME', defaultValue: '' })),
      (this.#n.serviceName = fn()),
      (this.#n.disabled = Bt({ key: 'POWERTOOLS_METRICS_DISABLED', defaultValue: !1, extendedParsing: !0 })),
      (this.#n.devMode = pn());
  }
  setFunctionNameForColdStartMetric(e) {
    const t = e?.trim() ?? this.#n.functionName;
    t && t.length > 0 && (this.functionName = t);
  }
  setNamespace(e) {
    this.namespace = e || this.getCustomConfigService()?.getNamespace() || this.#n.namespace;
  }
  setDisabled() {
    if ('POWERTOOLS_METRICS_DISABLED' in process.env && process.env.POWERTOOLS_METRICS_DISABLED !== void 0) {
      this.disabled = this.#n.disabled;
      return;
    }
    this.disabled = this.#n.devMode;
  }
  setOptions(e) {
    const {
      customConfigService: t,
      namespace: n,
      serviceName: o,
      singleMetric: i,
      defaultDimensions: s,
      functionName: a,
    } = e;
    this.setCustomConfigService(t), this.setDisabled(), this.setNamespace(n);
    const c = this.#s(o);
    return (
      this.setDefaultDimensions(s ? { service: c, ...s } : { service: c }),
      this.setFunctionNameForColdStartMetric(a),
      (this.isSingleMetric = i || !1),
      this
    );
  }
  #s(e) {
    return e || this.getCustomConfigService()?.getServiceName() || this.#n.serviceName || this.defaultServiceName;
  }
  storeMetric(e, t, n, o) {
    if (!qe(e)) throw new Error(`${e} is not a valid string`);
    if (e.length < 1 || e.length > 255)
      throw new RangeError(`The metric name should be between ${1} and ${255} characters`);
    if (!Qe(n)) throw new RangeError(`${n} is not a valid number`);
    if (!Object.values(z).includes(t))
      throw new RangeError(`Invalid metric unit '${t}', expected either option: ${Object.values(z).join(',')}`);
    if (!Object.values(Y).includes(o))
      throw new RangeError(`Invalid metric resolution '${o}', expected either option: ${Object.values(Y).join(',')}`);
    this.#r.getMetricsCount() >= 100 && this.publishStoredMetrics();
    const i = this.#r.setMetric(e, t, n, o);
    Array.isArray(i.value) && i.value.length === 100 && this.publishStoredMetrics();
  }
  #i(e) {
    const t = e instanceof Date;
    if (!t && !Ae(e)) return !1;
    const n = t ? e.getTime() : e,
      o = Date.now(),
      i = o - 12096e5,
      s = o + 72e5;
    return n >= i && n <= s;
  }
  #c(e) {
    const t = {},
      n = this.#e.getDimensions();
    for (const [o, i] of Object.entries(e)) {
      if (ue(o) || ue(i)) {
        this.#t.warn(
          `The dimension ${o} doesn't meet the requirements and won't be added. Ensure the dimension name and value are non empty strings`,
        );
        continue;
      }
      const s = this.#e.getDefaultDimensions();
      (Object.hasOwn(n, o) || Object.hasOwn(s, o) || Object.hasOwn(t, o)) &&
        this.#t.warn(`Dimension "${o}" has already been added. The previous value will be overwritten.`),
        (t[o] = i);
    }
    return t;
  }
};
var ot = {
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
var Jt = 'Secret Exposed',
  Wt = { source: 'rekey.scanner', detailType: Jt },
  Gt = { source: 'rekey.github', detailType: Jt },
  Ht = {
    source: 'aws.health',
    detailTypes: ['AWS Health Event', 'AWS Health Abuse Event'],
    eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED',
  },
  Yt = {
    source: 'aws.securityhub',
    detailTypes: ['Security Hub Findings - Imported'],
    resourceType: 'AwsIamAccessKey',
  },
  Xt = { source: 'aws.guardduty', detailTypes: ['GuardDuty Finding'], resourceType: 'AccessKey' },
  Wi = [
    { source: Wt.source, detailTypes: [Wt.detailType] },
    { source: Gt.source, detailTypes: [Gt.detailType] },
    { source: Ht.source, detailTypes: Ht.detailTypes },
    { source: Yt.source, detailTypes: Yt.detailTypes },
    { source: Xt.source, detailTypes: Xt.detailTypes },
  ];
var it = 'Rekey',
  qt = 'rekey-revocation',
  ne = {
    timeToRevokeSeconds: 'TimeToRevokeSeconds',
    keysRevoked: 'KeysRevoked',
    fleetAcknowledgements: 'FleetAcknowledgements',
    agentsNotMoved: 'AgentsNotMoved',
  };
var pe = {
    inventoryTableName: 'InventoryTableName',
    fleetTopicArn: 'FleetTopicArn',
    opsTopicArn: 'OpsTopicArn',
    revocationStateMachineArn: 'RevocationStateMachineArn',
    secretPrefix: 'SecretPrefix',
    operatorPolicyArn: 'OperatorPolicyArn',
  },
  Gi = [pe.inventoryTableName, pe.fleetTopicArn, pe.opsTopicArn, pe.revocationStateMachineArn, pe.secretPrefix];
var E = { generated: 'generated', awsIam: 'aws-iam', openai: 'openai', anthropic: 'anthropic', http: 'http' },
  Qt = [E.generated, E.awsIam, E.openai, E.anthropic, E.http],
  L = {
    generated: { length: 40, prefix: 'rk_' },
    openai: { baseUrl: 'https://api.openai.com' },
    anthropic: { baseUrl: 'https://api.anthropic.com' },
    http: { createPath: '/keys', testPath: '/whoami', revokePath: '/keys/{keyId}' },
  };
var wn = require('@aws-sdk/client-dynamodb'),
  bn = require('@aws-sdk/client-secrets-manager'),
  xn = require('@aws-sdk/client-sfn'),
  En = require('@aws-sdk/client-sns'),
  An = require('@aws-sdk/lib-dynamodb');
var vn = require('node:async_hooks'),
  Yi = new vn.AsyncLocalStorage();
function er() {
  return Yi.getStore();
}
function st() {
  const r = er();
  return r ? { credentials: r.credentials } : {};
}
var Sn = Xi(() => {
    const r = st(),
      e = new wn.DynamoDBClient(r);
    return {
      sm: new bn.SecretsManagerClient(r),
      sns: new En.SNSClient(r),
      sfn: new xn.SFNClient(r),
      ddb: e,
      doc: An.DynamoDBDocumentClient.from(e, { marshallOptions: { removeUndefinedValues: !0 } }),
    };
  }),
  _n = 0;
function Xi(r) {
  const e = new Map();
  return () => {
    let t = er()?.id ?? '',
      n = e.get(t);
    return (n?.generation !== _n && ((n = { generation: _n, value: r() }), e.set(t, n)), n.value);
  };
}
var $ = class extends Error {
    constructor(e, t) {
      super(e, t), (this.name = 'RekeyError');
    }
  },
  at = class extends $ {
    constructor(t, n = [], o) {
      super(t, o);
      this.issues = n;
      this.name = 'InvalidEventError';
    }
    issues;
  },
  fe = class extends $ {
    constructor(e, t) {
      super(e, t), (this.name = 'MalformedSecretError');
    }
  };
var ct = class extends $ {
  constructor(e, t) {
    super(e, t), (this.name = 'ConfigurationError');
  }
};
function $n(r) {
  const e = process.env[r];
  if (e === void 0 || e === '') throw new ct(`environment variable ${r} is not set`);
  return e;
}
var ut = require('@aws-sdk/client-dynamodb'),
  N = require('@aws-sdk/lib-dynamodb'),
  tr = { scheduled: 0, emergency: 1, abuse: 2 },
  rr = { byFingerprint: 'byFingerprint', byKeyId: 'byKeyId', byHint: 'byHint' },
  oe = (r) => `SECRET#${r}`,
  me = (r) => `VERSION#${r}`,
  lt = class {
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
        new N.UpdateCommand({
          TableName: this.tableName,
          Key: { pk: oe(e.secretName), sk: me(e.versionId) },
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
            new N.UpdateCommand({
              TableName: this.tableName,
              Key: { pk: oe(e), sk: me(t) },
              UpdateExpression: [
                'SET #status = :status, history = list_append(if_not_exists(history, :empty), :change), secretName = :secretName, versionId = :versionId',
                n === 'revoked' ? 'revokedAt = :at' : void 0,
                ...c.map((u, l) => `#x${l} = :x${l}`),
              ]
                .filter(Boolean)
                .join(', '),
              ConditionExpression: `attribute_not_exists(#status) OR (#status <> :status AND #status <> :revoked AND #status <> :abandoned${n === 'revoked' ? '' : ' AND #status <> :deactivated'})`,
              ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(c.map((u, l) => [`#x${l}`, u])) },
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
                ...Object.fromEntries(c.map((u, l) => [`:x${l}`, i[u]])),
              },
            }),
          ),
          !0
        );
      } catch (u) {
        if (u instanceof ut.ConditionalCheckFailedException) return !1;
        throw u;
      }
    }
    async annotate(e, t, n) {
      const o = Object.keys(n);
      o.length !== 0 &&
        (await this.doc.send(
          new N.UpdateCommand({
            TableName: this.tableName,
            Key: { pk: oe(e), sk: me(t) },
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
          new N.UpdateCommand({
            TableName: this.tableName,
            Key: { pk: oe(e), sk: me(t) },
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
        if (!(s instanceof ut.ConditionalCheckFailedException)) throw s;
      }
    }
    async raiseMode(e, t, n, o) {
      const i = Object.keys(tr).filter((s) => tr[s] < tr[n]);
      try {
        return (
          await this.doc.send(
            new N.UpdateCommand({
              TableName: this.tableName,
              Key: { pk: oe(e), sk: me(t) },
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
        if (!(s instanceof ut.ConditionalCheckFailedException)) throw s;
        return (await this.getVersion(e, t))?.mode ?? n;
      }
    }
    async getVersion(e, t) {
      return (
        await this.doc.send(
          new N.GetCommand({ TableName: this.tableName, Key: { pk: oe(e), sk: me(t) }, ConsistentRead: !0 }),
        )
      ).Item;
    }
    async listVersions(e) {
      let t = [],
        n;
      do {
        const o = await this.doc.send(
          new N.QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
            ExpressionAttributeValues: { ':pk': oe(e), ':sk': 'VERSION#' },
            ExclusiveStartKey: n,
            ConsistentRead: !0,
          }),
        );
        t.push(...(o.Items ?? [])), (n = o.LastEvaluatedKey);
      } while (n);
      return t.sort((o, i) => (o.createdAt ?? '').localeCompare(i.createdAt ?? ''));
    }
    findByFingerprint(e) {
      return this.queryIndex(rr.byFingerprint, 'fingerprint', e);
    }
    findByKeyId(e) {
      return this.queryIndex(rr.byKeyId, 'keyId', e);
    }
    findByHint(e) {
      return this.queryIndex(rr.byHint, 'keyHint', e);
    }
    async queryIndex(e, t, n) {
      return (
        (
          await this.doc.send(
            new N.QueryCommand({
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
var nr = { PRETTY: 4, COMPACT: 0 };
var v = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 },
  kn = ['level', 'message', 'sampling_rate', 'service', 'timestamp'],
  Pn = 'Uncaught error detected, flushing log buffer before exit';
var or = 'AWS_LAMBDA_INITIALIZATION_TYPE',
  In = 'AWS_LAMBDA_MAX_CONCURRENCY',
  Tn = 'POWERTOOLS_DEV';
var Rn = '_X_AMZN_TRACE_ID';
var P = ({ key: r, defaultValue: e, errorMessage: t }) => {
    const n = process.env[r];
    if (n === void 0) {
      if (e !== void 0) return e;
      throw t ? new Error(t) : new Error(`Environment variable ${r} is required`);
    }
    return n.trim();
  },
  Cn = ({ key: r, defaultValue: e, errorMessage: t }) => {
    const n = P({ key: r, defaultValue: String(e), errorMessage: t }),
      o = Number(n);
    if (Number.isNaN(o)) throw new TypeError(`Environment variable ${r} must be a number`);
    return o;
  },
  Ji = new Set(['1', 'y', 'yes', 't', 'true', 'on']),
  qi = new Set(['0', 'n', 'no', 'f', 'false', 'off']),
  ir = ({ key: r, defaultValue: e, errorMessage: t, extendedParsing: n }) => {
    const i = P({ key: r, defaultValue: String(e), errorMessage: t }).toLowerCase();
    if (n) {
      if (Ji.has(i)) return !0;
      if (qi.has(i)) return !1;
    }
    if (i !== 'true' && i !== 'false') throw new Error(`Environment variable ${r} must be a boolean`);
    return i === 'true';
  },
  ke = () => {
    try {
      return ir({ key: Tn, extendedParsing: !0 });
    } catch {
      return !1;
    }
  };
var Qi = () => {
  const r = globalThis.awslambda?.InvokeStore?.getXRayTraceId() ?? P({ key: Rn, defaultValue: '' });
  if (r === '') return;
  if (!r.includes('=')) return { Root: r };
  const e = {};
  for (const t of r.split(';')) {
    const [n, o] = t.split('=');
    e[n] = o;
  }
  return e;
};
var zn = () => P({ key: In, defaultValue: '' }) !== '',
  Pe = () => Qi()?.Root;
var Ie = class {
  #e = !1;
  formatError(e) {
    const { name: t, message: n, stack: o, cause: i, ...s } = e,
      a = {
        name: t,
        location: this.getCodeLocation(e.stack),
        message: n,
        stack:
          ke() && typeof o == 'string'
            ? o?.split(`
`)
            : o,
        cause: i instanceof Error ? this.formatError(i) : i,
      };
    for (const c in e) typeof c == 'string' && !['name', 'message', 'stack', 'cause'].includes(c) && (a[c] = s[c]);
    return a;
  }
  formatTimestamp(e) {
    const n = P({ key: 'TZ', defaultValue: '' });
    return n && !n.includes('UTC') ? this.#r(e, n) : e.toISOString();
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
  #r(e, t) {
    const n = this.#t(t),
      {
        year: o,
        month: i,
        day: s,
        hour: a,
        minute: c,
        second: u,
      } = this.#o(n)
        .formatToParts(e)
        .reduce((S, k) => ((S[k.type] = k.value), S), {}),
      l = `${o}-${i}-${s}T${a}:${c}:${u}`,
      d = n === t ? -e.getTimezoneOffset() : 0,
      p = d >= 0 ? '+' : '-',
      f = Math.abs(Math.floor(d / 60))
        .toString()
        .padStart(2, '0'),
      m = Math.abs(d % 60)
        .toString()
        .padStart(2, '0'),
      g = e.getMilliseconds().toString().padStart(3, '0'),
      x = `${p}${f}:${m}`;
    return `${l}.${g}${x}`;
  }
};
var dt = '2.36.0';
var cu = process.env.AWS_EXECUTION_ENV || 'NA';
var es = new Set(['__proto__', 'constructor']),
  Te = (r) => {
    if (typeof r != 'object' || r === null) return !1;
    const e = Object.getPrototypeOf(r);
    return e === Object.prototype || e === null;
  },
  ts = (r, e) => {
    if (Te(r)) {
      const t = {};
      return (e.push(r), Re(t, r, e), e.pop(), { skip: !1, value: t });
    }
    if (Array.isArray(r)) {
      if (e.includes(r)) return { skip: !0 };
      const t = [];
      return (e.push(r), pt(t, r, e), e.pop(), { skip: !1, value: t });
    }
    return { skip: !1, value: r };
  },
  rs = (r, e, t, n) => {
    const o = r[e],
      i = Te(t);
    if (!(i && n.includes(t))) {
      if (i && Te(o)) {
        n.push(t), Re(o, t, n), n.pop();
        return;
      }
      if (Array.isArray(t) && Array.isArray(o)) {
        n.includes(t) || (n.push(t), pt(o, t, n), n.pop());
        return;
      }
      if (t !== void 0 || o === void 0) {
        const s = ts(t, n);
        s.skip || (r[e] = s.value);
      }
    }
  },
  pt = (r, e, t) => {
    for (let n = 0; n < e.length; n++) rs(r, n, e[n], t);
  },
  ns = (r, e, t, n, o) => {
    if (!Array.isArray(n)) {
      const i = [];
      pt(i, t, o), (r[e] = i);
      return;
    }
    pt(n, t, o);
  },
  os = (r, e, t, n, o) => {
    if (Te(n)) {
      Re(n, t, o);
      return;
    }
    const i = {};
    Re(i, t, o), (r[e] = i);
  },
  Re = (r, e, t) => {
    for (const n of Object.keys(e)) {
      if (es.has(n)) continue;
      const o = e[n],
        i = r[n];
      if (Array.isArray(o)) {
        if (t.includes(o)) continue;
        t.push(o), ns(r, n, o, i, t), t.pop();
        continue;
      }
      if (Te(o)) {
        if (t.includes(o)) continue;
        t.push(o), os(r, n, o, i, t), t.pop();
        continue;
      }
      (o !== void 0 || i === void 0) && (r[n] = o);
    }
  },
  K = (r, ...e) => {
    const t = [r];
    for (const n of e) n != null && (t.push(n), Re(r, n, t), t.pop());
    return r;
  };
var ft = 'powertools-for-aws',
  Nn = `${ft}.tracer`,
  Mn = `${ft}.metrics`,
  On = `${ft}.logger`,
  Zn = `${ft}.idempotency`;
var sr = (r) => typeof r == 'string';
var Dn = (r) => Object.is(r, null),
  ar = (r) => Dn(r) || Object.is(r, void 0);
var Ce = class {
  #e;
  coldStart = !0;
  defaultServiceName = 'service_undefined';
  constructor() {
    (this.#e = this.getInitializationType()), this.#e !== 'on-demand' && (this.coldStart = !1);
  }
  getInitializationType() {
    const e = process.env[or]?.trim();
    return e === 'on-demand' ? 'on-demand' : e === 'provisioned-concurrency' ? 'provisioned-concurrency' : 'unknown';
  }
  getColdStart() {
    return this.#e !== 'on-demand' ? !1 : this.coldStart ? ((this.coldStart = !1), !0) : !1;
  }
  isValidServiceName(e) {
    return typeof e == 'string' && e.trim().length > 0;
  }
};
var is = process.env.AWS_EXECUTION_ENV || 'NA';
if (!process.env.AWS_SDK_UA_APP_ID?.includes('/PTEnv/')) {
  const r = `PT/NO-OP/${dt}/PTEnv/${is}`;
  process.env.AWS_SDK_UA_APP_ID = process.env.AWS_SDK_UA_APP_ID ? `${process.env.AWS_SDK_UA_APP_ID}/${r}` : r;
}
var he = class {
  attributes = {};
  constructor(e) {
    this.setAttributes(e.attributes);
  }
  addAttributes(e) {
    return (K(this.attributes, e), this);
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
var Ln = require('node:console'),
  Kn = require('node:crypto');
var mt = class extends Ie {
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
    if (this.#e === void 0) return new he({ attributes: n }).addAttributes(t);
    const o = {};
    for (const s of this.#e) s in n && !(s in o) ? (o[s] = n[s]) : s in t && !(s in o) && (o[s] = t[s]);
    for (const s in n) s in o || (o[s] = n[s]);
    for (const s in t) s in o || (o[s] = t[s]);
    return new he({ attributes: o });
  }
};
var U = class {
  #e;
  #t;
  #o;
  #r;
  constructor(e, t) {
    if (((this.#e = Symbol(e)), 'fresh' in t)) (this.#t = t.fresh), (this.#o = !0);
    else {
      const { initial: n } = t;
      (this.#t = () => n), (this.#o = !1);
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
    const n = this.#t();
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
  #n() {
    if (!zn()) return;
    const e = globalThis.awslambda?.InvokeStore;
    if (e === void 0) throw new Error('InvokeStore is not available');
    return e.hasContext() ? e : void 0;
  }
};
var ht = class {
  #e = new U('powertools.logger.temporaryAttributes', { fresh: () => ({}) });
  #t = new U('powertools.logger.keys', { fresh: () => new Map() });
  #o = new U('powertools.logger.lambdaContext', { initial: void 0 });
  #r = {};
  #n() {
    return this.#e.get();
  }
  #a() {
    return this.#t.get();
  }
  appendTemporaryKeys(e) {
    const t = this.#n();
    K(t, e);
    const n = this.#a();
    for (const o of Object.keys(e)) n.set(o, 'temp');
  }
  removeTemporaryKeys(e) {
    const t = this.#n(),
      n = this.#a();
    for (const o of e) (t[o] = void 0), this.#r[o] ? n.set(o, 'persistent') : n.delete(o);
  }
  getTemporaryAttributes() {
    return { ...this.#n() };
  }
  clearTemporaryAttributes() {
    const e = this.#n(),
      t = this.#a();
    for (const n of Object.keys(e)) this.#r[n] ? t.set(n, 'persistent') : t.delete(n);
    this.#e.reset();
  }
  setLambdaContext(e) {
    this.#o.set(e);
  }
  getLambdaContext() {
    return this.#o.get();
  }
  setPersistentAttributes(e) {
    const t = this.#a();
    this.#r = { ...e };
    for (const n of Object.keys(e)) t.set(n, 'persistent');
  }
  getPersistentAttributes() {
    return { ...this.#r };
  }
  getAllAttributes() {
    const e = {},
      t = this.#n(),
      n = this.#a();
    for (const [o, i] of Object.entries(this.#r)) i !== void 0 && (e[o] = i);
    for (const [o, i] of n.entries()) i === 'temp' && t[o] !== void 0 && (e[o] = t[o]);
    return e;
  }
  removePersistentKeys(e) {
    const t = this.#a(),
      n = this.#n();
    for (const o of e) (this.#r[o] = void 0), n[o] ? t.set(o, 'temp') : t.delete(o);
  }
};
var cr = class {
    value;
    logLevel;
    byteSize;
    constructor(e, t) {
      if (!sr(e)) throw new Error('Value should be a string');
      (this.value = e), (this.logLevel = t), (this.byteSize = Buffer.byteLength(e));
    }
  },
  ur = class extends Set {
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
  ze = class extends Map {
    #e;
    #t;
    constructor({ maxBytesSize: e, onBufferOverflow: t }) {
      super(), (this.#e = e), (this.#t = t);
    }
    setItem(e, t, n) {
      const o = new cr(t, n);
      if (o.byteSize > this.#e) throw new Error('Item too big');
      const i = this.get(e) || new ur();
      return (
        i.currentBytesSize !== 0 && i.currentBytesSize + o.byteSize >= this.#e && (this.#o(i, o), this.#t && this.#t()),
        i.add(o),
        super.set(e, i),
        this
      );
    }
    #o(e, t) {
      for (; e.size !== 0 && e.currentBytesSize + t.byteSize >= this.#e; ) e.shift(), (e.hasEvictedLog = !0);
    }
  };
var gt = class {
  #e;
  #t = new U('powertools.logger.buffer', { fresh: () => new ze({ maxBytesSize: this.#o }) });
  #o;
  constructor(e) {
    this.#e = new U('powertools.logger.logLevel', { initial: e });
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
    (this.#o = e), this.#t.setShared(new ze({ maxBytesSize: e }));
  }
  #r() {
    return this.#t.get();
  }
  add(e, t, n) {
    const o = this.#r();
    !this.#t.isScoped && o.has(e) === !1 && o.clear(), o.setItem(e, t, n);
  }
  get(e) {
    return this.#r().get(e);
  }
  delete(e) {
    this.#r().delete(e);
  }
};
var Ne = class r extends Ce {
  console;
  customConfigService;
  logEvent = !1;
  logFormatter;
  logIndentation = nr.COMPACT;
  #e;
  powertoolsLogData = { sampleRateValue: 0 };
  #t = new ht();
  #o = [];
  #r = !1;
  #n = v.INFO;
  #a;
  #s = { enabled: !1, flushOnErrorLog: !0, maxBytes: 20480, bufferAtVerbosity: v.DEBUG };
  #i = new gt(v.INFO);
  #c;
  #u = { sampleRateValue: 0, refreshedTimes: 0 };
  #p = new Map();
  get level() {
    return this.#i.getLogLevel();
  }
  constructor(e = {}) {
    super();
    const { customConfigService: t, ...n } = e;
    (this.customConfigService = t), this.setOptions(n), (this.#r = !0);
    for (const [o, i] of this.#o) this.printLog(o, this.createAndPopulateLogItem(...i));
    this.#o = [];
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
    const t = 'persistentLogAttributes' in e && !('persistentKeys' in e) ? 'persistentLogAttributes' : 'persistentKeys',
      n = this.createLogger(
        K(
          {},
          {
            logLevel: this.getLevelName(),
            serviceName: this.powertoolsLogData.serviceName,
            sampleRateValue: this.#u.sampleRateValue,
            logFormatter: this.getLogFormatter(),
            customConfigService: this.getCustomConfigService(),
            environment: this.powertoolsLogData.environment,
            [t]: this.#t.getPersistentAttributes(),
            jsonReplacerFn: this.#a,
            correlationIdSearchFn: this.#c,
            ...(this.#s.enabled && {
              logBufferOptions: {
                maxBytes: this.#s.maxBytes,
                bufferAtVerbosity: this.getLogLevelNameFromNumber(this.#s.bufferAtVerbosity),
                flushOnErrorLog: this.#s.flushOnErrorLog,
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
  critical(e, ...t) {
    this.processLogItem(v.CRITICAL, e, t);
  }
  debug(e, ...t) {
    this.processLogItem(v.DEBUG, e, t);
  }
  error(e, ...t) {
    this.processLogItem(v.ERROR, e, t);
  }
  getLevelName() {
    return this.getLogLevelNameFromNumber(this.#i.getLogLevel());
  }
  getLogEvent() {
    return this.logEvent;
  }
  getPersistentLogAttributes() {
    return this.#t.getPersistentAttributes();
  }
  info(e, ...t) {
    this.processLogItem(v.INFO, e, t);
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
          throw (e?.flushBufferOnUncaughtError && (s.flushBuffer(), s.error({ message: Pn, error: c })), c);
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
    if (this.#u.refreshedTimes === 0) {
      this.#u.refreshedTimes++;
      return;
    }
    this.#h() && this.#i.getLogLevel() > v.TRACE
      ? (this.setLogLevel('DEBUG'), this.debug('Setting log level to DEBUG due to sampling rate'))
      : this.setLogLevel(this.getLogLevelNameFromNumber(this.#n));
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
      if (this.isValidLogLevel(e)) this.#i.setLogLevel(v[e]);
      else throw new Error(`Invalid log level: ${e}`);
  }
  setPersistentLogAttributes(e) {
    const t = this.#f(e);
    this.#t.setPersistentAttributes(t);
  }
  get persistentLogAttributes() {
    return this.#t.getPersistentAttributes();
  }
  shouldLogEvent(e) {
    return typeof e == 'boolean' ? e : this.getLogEvent();
  }
  trace(e, ...t) {
    this.processLogItem(v.TRACE, e, t);
  }
  warn(e, ...t) {
    this.processLogItem(v.WARN, e, t);
  }
  #l(e) {
    this.#p.has(e) || (this.#p.set(e, !0), this.warn(e));
  }
  createLogger(e) {
    return new r(e);
  }
  getJsonReplacer() {
    const e = [],
      t = this.#a,
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
    K(this.powertoolsLogData, e);
  }
  #f(e) {
    const t = {};
    for (const [n, o] of Object.entries(e)) this.#d(n) || (t[n] = o);
    return t;
  }
  #m(e, t) {
    const n = this.#f(e);
    if (t === 'temp') this.#t.appendTemporaryKeys(n);
    else {
      const o = this.#t.getPersistentAttributes();
      this.#t.setPersistentAttributes(K(o, n));
    }
  }
  awsLogLevelShortCircuit(e) {
    return this.#e !== void 0
      ? (this.#i.setBaseLogLevel(v[this.#e]),
        this.isValidLogLevel(e) &&
          this.#i.getBaseLogLevel() > v[e] &&
          this.#l(
            `Current log level (${e}) does not match AWS Lambda Advanced Logging Controls minimum log level (${this.#e}). This can lead to data loss, consider adjusting them.`,
          ),
        !0)
      : !1;
  }
  createAndPopulateLogItem(e, t, n) {
    const o = {
        logLevel: this.getLogLevelNameFromNumber(e),
        timestamp: new Date(),
        xRayTraceId: Pe(),
        ...this.#_(),
        message: '',
      },
      i = this.#t.getAllAttributes();
    return (this.#g(t, o, i), this.#y(n, i), this.getLogFormatter().formatAttributes(o, i));
  }
  #g(e, t, n) {
    if (typeof e == 'string') {
      t.message = e;
      return;
    }
    const { message: o, ...i } = e;
    t.message = o;
    for (const [s, a] of Object.entries(i)) this.#d(s) || (n[s] = a);
  }
  #y(e, t) {
    for (const n of e)
      ar(n) || (n instanceof Error ? (t.error = n) : typeof n == 'string' ? (t.extra = n) : this.#v(n, t));
  }
  #v(e, t) {
    for (const [n, o] of Object.entries(e)) this.#d(n) || (t[n] = o);
  }
  #h() {
    return this.#u.sampleRateValue && (0, Kn.randomInt)(0, 100) / 100 <= this.#u.sampleRateValue;
  }
  #d(e) {
    return kn.includes(e) ? (this.warn(`The key "${e}" is a reserved key and will be dropped.`), !0) : !1;
  }
  getCustomConfigService() {
    return this.customConfigService;
  }
  getLogFormatter() {
    return this.logFormatter;
  }
  getLogLevelNameFromNumber(e) {
    let t;
    for (const [n, o] of Object.entries(v))
      if (o === e) {
        t = n;
        break;
      }
    return t;
  }
  #_() {
    const e = this.#t.getLambdaContext();
    return e === void 0 ? this.powertoolsLogData : { ...this.powertoolsLogData, lambdaContext: e };
  }
  isValidLogLevel(e) {
    return typeof e == 'string' && e in v;
  }
  isValidSampleRate(e) {
    return typeof e == 'number' && 0 <= e && e <= 1;
  }
  printLog(e, t) {
    t.prepareForPrint();
    const n = e === v.CRITICAL ? 'error' : this.getLogLevelNameFromNumber(e).toLowerCase();
    this.console[n](JSON.stringify(t.getAttributes(), this.getJsonReplacer(), this.logIndentation));
  }
  processLogItem(e, t, n) {
    this.#s.enabled && this.#s.flushOnErrorLog && e >= v.ERROR && e < v.SILENT && this.flushBuffer();
    const o = Pe();
    if (o !== void 0 && this.shouldBufferLog(o, e)) {
      try {
        this.bufferLogItem(o, this.createAndPopulateLogItem(e, t, n), e);
      } catch (i) {
        this.printLog(v.WARN, this.createAndPopulateLogItem(v.WARN, `Unable to buffer log: ${i.message}`, [i])),
          this.printLog(e, this.createAndPopulateLogItem(e, t, n));
      }
      return;
    }
    e >= this.#i.getLogLevel() &&
      (this.#r ? this.printLog(e, this.createAndPopulateLogItem(e, t, n)) : this.#o.push([e, [e, t, n]]));
  }
  setConsole() {
    ke()
      ? (this.console = console)
      : (this.console = new Ln.Console({ stdout: process.stdout, stderr: process.stderr })),
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
      this.#i.setBaseLogLevel(v[t]), (this.#n = this.#i.getBaseLogLevel());
      return;
    }
    const n = this.getCustomConfigService()?.getLogLevel()?.toUpperCase();
    if (this.isValidLogLevel(n)) {
      this.#i.setBaseLogLevel(v[n]), (this.#n = this.#i.getBaseLogLevel());
      return;
    }
    const o = P({ key: 'POWERTOOLS_LOG_LEVEL', defaultValue: '' }),
      i = P({ key: 'LOG_LEVEL', defaultValue: '' }),
      s = o || i;
    this.isValidLogLevel(s) && (this.#i.setBaseLogLevel(v[s]), (this.#n = this.#i.getBaseLogLevel()));
  }
  setInitialSampleRate(e) {
    const t = e,
      n = this.getCustomConfigService()?.getSampleRateValue(),
      o = Cn({ key: 'POWERTOOLS_LOGGER_SAMPLE_RATE', defaultValue: 0 });
    for (const i of [t, n, o])
      if (this.isValidSampleRate(i)) {
        (this.#u.sampleRateValue = i),
          (this.powertoolsLogData.sampleRateValue = i),
          this.#h() &&
            this.#i.getBaseLogLevel() > v.TRACE &&
            (this.setLogLevel('DEBUG'), this.debug('Setting log level to DEBUG due to sampling rate'));
        break;
      }
  }
  setLogEvent() {
    this.logEvent = ir({ key: 'POWERTOOLS_LOGGER_LOG_EVENT', defaultValue: !1 });
  }
  setLogFormatter(e, t) {
    this.logFormatter = e ?? new mt({ logRecordOrder: t });
  }
  setLogIndentation() {
    ke() && (this.logIndentation = nr.PRETTY);
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
      jsonReplacerFn: u,
      logRecordOrder: l,
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
    const f = P({ key: 'AWS_LAMBDA_LOG_LEVEL', defaultValue: '' }),
      m = f === 'FATAL' ? 'CRITICAL' : f;
    return (
      this.isValidLogLevel(m) && (this.#e = m),
      this.setLogEvent(),
      this.setInitialLogLevel(t),
      this.setInitialSampleRate(o),
      this.setLogFormatter(i, l),
      this.setConsole(),
      this.setLogIndentation(),
      (this.#a = u),
      this.#w(d),
      (this.#c = p),
      this
    );
  }
  setPowertoolsLogData(e, t, n) {
    this.addToPowertoolsLogData({
      awsRegion: P({ key: 'AWS_REGION', defaultValue: '' }),
      environment:
        t || this.getCustomConfigService()?.getCurrentEnvironment() || P({ key: 'ENVIRONMENT', defaultValue: '' }),
      serviceName:
        e ||
        this.getCustomConfigService()?.getServiceName() ||
        P({ key: 'POWERTOOLS_SERVICE_NAME', defaultValue: '' }) ||
        this.defaultServiceName,
    }),
      n && this.appendPersistentKeys(n);
  }
  #w(e) {
    if (e === void 0 || ((this.#s.enabled = e?.enabled !== !1), this.#s.enabled === !1)) return;
    e?.maxBytes !== void 0 && (this.#s.maxBytes = e.maxBytes),
      this.#i.configureBuffer(this.#s.maxBytes),
      e?.flushOnErrorLog === !1 && (this.#s.flushOnErrorLog = !1);
    const t = e?.bufferAtVerbosity?.toUpperCase();
    this.isValidLogLevel(t) && (this.#s.bufferAtVerbosity = v[t]),
      this.#e !== void 0 &&
        v[this.#e] > this.#s.bufferAtVerbosity &&
        this.#l(
          'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Buffered logs will be filtered by ALC',
        );
  }
  bufferLogItem(e, t, n) {
    t.prepareForPrint(),
      this.#i.add(e, JSON.stringify(t.getAttributes(), this.getJsonReplacer(), this.logIndentation), n);
  }
  flushBuffer() {
    if (this.#s.enabled === !1) return;
    const e = Pe();
    if (e === void 0) return;
    const t = this.#i.get(e);
    if (t !== void 0) {
      for (const n of t) {
        const o = this.getLogLevelNameFromNumber(n.logLevel).toLowerCase();
        this.console[o](n.value);
      }
      t.hasEvictedLog &&
        this.printLog(
          v.WARN,
          this.createAndPopulateLogItem(
            v.WARN,
            'Some logs are not displayed because they were evicted from the buffer. Increase buffer size to store more logs in the buffer',
            [],
          ),
        ),
        this.#e !== void 0 &&
          v[this.#e] > this.#s.bufferAtVerbosity &&
          this.#l(
            'Advanced Loggging Controls (ALC) Log Level is less verbose than Log Buffering Log Level. Some logs might be missing.',
          ),
        this.#i.delete(e);
    }
  }
  clearBuffer() {
    if (this.#s.enabled === !1) return;
    const e = Pe();
    e !== void 0 && this.#i.delete(e);
  }
  shouldBufferLog(e, t) {
    return this.#s.enabled && e !== void 0 && t <= this.#s.bufferAtVerbosity;
  }
  setCorrelationId(e, t) {
    if (typeof t == 'string') {
      if (!this.#c) {
        this.#l(
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
    return this.#t.getTemporaryAttributes().correlation_id;
  }
};
var Un = Symbol.for('rekey.client.heldSecrets');
function ss() {
  let r = globalThis,
    e = r[Un];
  return (e === void 0 && ((e = { counts: new Map(), version: 0 }), (r[Un] = e)), e);
}
function Vn() {
  const r = ss();
  return (
    yt.version !== r.version &&
      ((yt.values = [...r.counts.keys()].sort((e, t) => t.length - e.length)), (yt.version = r.version)),
    yt.values
  );
}
var yt = { version: -1, values: [] };
var lr = '[REDACTED]',
  jn = '(?!\\[REDACTED\\])',
  Fn = '(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])',
  Me = '(?:AKIA|ASIA)[A-Z0-9]{16}',
  as =
    '(?:api[_-]?key|x-api-key|client[_-]?secret|secret[_-]?(?:access[_-]?)?key|(?:access|auth|refresh)[_-]?token|password)',
  Bn = [
    { kind: 'anthropic', re: /(?<![A-Za-z0-9_-])sk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{20,}/g },
    { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/g },
    { kind: 'openai', re: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g },
    { kind: 'aws-secret-key', re: new RegExp(`(?<=${Me}[\\s\\S]{1,100}?)${Fn}`, 'g'), requires: new RegExp(Me) },
    { kind: 'aws-secret-key', re: new RegExp(`${Fn}(?=[\\s\\S]{1,100}?${Me})`, 'g'), requires: new RegExp(Me) },
    { kind: 'aws-access-key', re: new RegExp(`(?<![A-Z0-9])${Me}(?![A-Z0-9])`, 'g') },
    { kind: 'rekey-generated', re: /(?<![A-Za-z0-9_])rk_[A-Za-z0-9]{40}(?![A-Za-z0-9])/g },
    { kind: 'bearer', re: new RegExp(`(?<=\\bBearer\\s+)${jn}[A-Za-z0-9._~+/=-]{16,}`, 'gi') },
    {
      kind: 'api-key-field',
      re: new RegExp(`(?<=(?<![A-Za-z0-9])${as}["']?\\s*[:=]\\s*["']?)${jn}[^\\s"'&,;}\\]]{8,}`, 'gi'),
    },
  ];
function Wn(r, e = {}) {
  let t = r;
  for (const n of us(e.known)) t.includes(n) && (t = t.split(n).join(lr));
  for (const { re: n, requires: o } of Bn) (o !== void 0 && !o.test(t)) || ((n.lastIndex = 0), (t = t.replace(n, lr)));
  return t;
}
function us(r) {
  const e = Vn();
  if (r === void 0) return e;
  const t = [...r].filter((n) => n.length >= 8);
  return t.length === 0 ? e : [...new Set([...e, ...t])].sort((n, o) => o.length - n.length);
}
var dr = new Set();
function Z(r) {
  r.length >= 8 && dr.add(r);
}
function Gn() {
  dr.clear();
}
function Oe(r) {
  return Wn(r, { known: dr });
}
var w = new Ne({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rekey',
  jsonReplacerFn: (r, e) => (typeof e == 'string' ? Oe(e) : e),
});
var pi = require('@aws-sdk/client-sfn');
var Hn;
var pr = { value: void 0, enumerable: !1 },
  Yn = 'captureStackTrace' in Error ? Error : null;
function ls(r) {
  const e = Yn;
  if (e) {
    const t = e.stackTraceLimit;
    if (typeof t == 'number') {
      try {
        e.stackTraceLimit = 0;
      } catch {
        return ((Yn = null), new r());
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
function h(r, e, t, n) {
  const o = {};
  function i(p) {
    (this.def = p), (this.constr = d), (this.traits = new Set());
  }
  i.prototype = o;
  const s = t,
    a = s && new WeakSet();
  function c(p, f) {
    if (p._zod) {
      if (p._zod.traits.has(r)) return;
    } else {
      pr.value = new i(f);
      try {
        Object.defineProperty(p, '_zod', pr);
      } finally {
        pr.value = void 0;
      }
    }
    if ((p._zod.traits.add(r), e(p, f), a)) {
      let g = Object.getPrototypeOf(p),
        x = p._zod.constr.prototype,
        S = g;
      for (; S && S !== x; ) S = Object.getPrototypeOf(S);
      const k = S ?? g;
      a.has(k) || (a.add(k), Xn(k, s));
    }
    const m = d.prototype;
    for (const g in m) Object.hasOwn(m, g) && (g in p || (p[g] = m[g].bind(p)));
  }
  const u = n?.Parent ?? Object;
  class l extends u {}
  Object.defineProperty(l, 'name', { value: r });
  function d(p) {
    const f = n?.Parent ? ls(l) : this;
    c(f, p);
    const m = f._zod.deferred;
    if (m) {
      for (const x of m) x();
      f._zod.deferred = void 0;
    }
    const g = globalThis.__zod_globalConfig?.postProcessor;
    return (g && g(f), f);
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
var V = class extends Error {
  constructor() {
    super('Encountered Promise during synchronous parse. Use .parseAsync() instead.');
  }
};
(Hn = globalThis).__zod_globalConfig ?? (Hn.__zod_globalConfig = {});
var Ze = globalThis.__zod_globalConfig;
function j(r) {
  return (r && Object.assign(Ze, r), Ze);
}
function gr(r) {
  const e = Object.values(r).filter((n) => typeof n == 'number');
  return Object.entries(r)
    .filter(([n, o]) => e.indexOf(+n) === -1)
    .map(([n, o]) => o);
}
function Jn(r, e) {
  return typeof e == 'bigint' ? e.toString() : e;
}
var hr = class {
  constructor(e) {
    (this._getter = e), (this._value = void 0);
  }
  get value() {
    const e = this._getter;
    return (e !== void 0 && ((this._value = e()), (this._getter = void 0)), this._value);
  }
};
function yr(r) {
  return new hr(r);
}
function qn(r) {
  return r == null;
}
function vr(r) {
  const e = r.startsWith('^') ? 1 : 0,
    t = r.endsWith('$') ? r.length - 1 : r.length;
  return r.slice(e, t);
}
function _r(r, e, t) {
  Object.defineProperty(r, e, { value: t, writable: !0, enumerable: !0, configurable: !0 });
}
function Qn(r) {
  const e = Object.getOwnPropertyDescriptor(r, 'shape');
  return e?.get ? e.get.raw : e?.value;
}
var wr = 'captureStackTrace' in Error ? Error.captureStackTrace : (...r) => {};
function Le(r) {
  return typeof r == 'object' && r !== null && !Array.isArray(r);
}
function br(r) {
  if (Le(r) === !1) return !1;
  const e = r.constructor;
  if (e === void 0 || typeof e != 'function') return !0;
  const t = e.prototype;
  return !(Le(t) === !1 || Object.hasOwn(t, 'isPrototypeOf') === !1);
}
function xr(r) {
  return br(r)
    ? { ...r }
    : Array.isArray(r)
      ? [...r]
      : r instanceof Map
        ? new Map(r)
        : r instanceof Set
          ? new Set(r)
          : r;
}
var eo = new Set(['string', 'number', 'symbol']);
function Ke(r) {
  return r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function vt(r, e, t) {
  const n = new r._zod.constr(e ?? r._zod.def);
  return ((!e || t?.parent) && (n._zod.parent = r), n);
}
function _(r) {
  const e = r;
  if (!e) return {};
  if (typeof e == 'string') return { error: () => e };
  if (e?.message !== void 0) {
    if (e?.error !== void 0) throw new Error('Cannot specify both `message` and `error` params');
    e.error = e.message;
  }
  return (delete e.message, typeof e.error == 'string' ? { ...e, error: () => e.error } : e);
}
function to(r) {
  return Object.keys(r).filter((e) => r[e]._zod.optin !== void 0 && r[e]._zod.optout === 'optional');
}
var ro = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-34028234663852886e22, 34028234663852886e22],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};
function q(r, e = 0) {
  if (r.aborted === !0) return !0;
  for (let t = e; t < r.issues.length; t++) if (r.issues[t]?.continue !== !0) return !0;
  return !1;
}
function no(r, e = 0) {
  if (r.aborted === !0) return !0;
  for (let t = e; t < r.issues.length; t++) if (r.issues[t]?.continue === !1) return !0;
  return !1;
}
function se(r, e) {
  return e.map((t) => {
    var n;
    return ((n = t).path ?? (n.path = []), t.path.unshift(r), t);
  });
}
function De(r) {
  return typeof r == 'string' ? r : r?.message;
}
function Er(r, e, t) {
  var n;
  for (let o = e; o < r.length; o++) (n = r[o]).schema ?? (n.schema = t);
}
function F(r, e, t) {
  var n;
  const o = r.inst?._zod?.traits;
  o?.has('$ZodType') && (o.has('$ZodCheck') ? ((n = r).schema ?? (n.schema = r.inst)) : (r.schema = r.inst));
  const i = r.schema !== r.inst ? r.schema?._zod.def?.error : void 0,
    s = r.message
      ? r.message
      : (De(r.inst?._zod.def?.error?.(r)) ??
        De(i?.(r)) ??
        De(e?.error?.(r)) ??
        De(t.customError?.(r)) ??
        De(t.localeError?.(r)) ??
        'Invalid input'),
    a = {};
  for (const c of Object.keys(r))
    c === 'inst' || c === 'schema' || c === 'continue' || c === 'input' || c === '__proto__' || (a[c] = r[c]);
  return (a.path ?? (a.path = []), (a.message = s), e?.reportInput && (a.input = r.input), a);
}
var ds = /[\uD800-\uDBFF]/;
function Ar(r) {
  const e = r.length;
  if (!ds.test(r)) return e;
  let t = e;
  for (let n = 0; n < e - 1; n++)
    (r.charCodeAt(n) & 64512) === 55296 && (r.charCodeAt(n + 1) & 64512) === 56320 && (t--, n++);
  return t;
}
function Sr(r) {
  return Array.isArray(r) ? 'array' : typeof r == 'string' ? 'string' : 'unknown';
}
function Xn(r, e) {
  for (const t in e) {
    const n = Object.getOwnPropertyDescriptor(e, t);
    n.get ? Object.defineProperty(r, t, { ...n, enumerable: !1 }) : ps(r, t, n.value);
  }
}
function ie(r, e, t, n = !0) {
  return (Object.defineProperty(r, e, { configurable: !0, writable: !0, enumerable: n, value: t }), t);
}
function $r(r, e, t) {
  return ie(r, e, t, !1);
}
function ps(r, e, t) {
  Object.defineProperty(r, e, {
    configurable: !0,
    get() {
      return this == null ? t : ie(this, e, t.bind(this));
    },
    set(n) {
      ie(this, e, n);
    },
  });
}
function fs(r, e) {
  const t = Object.getPrototypeOf(r);
  return e in t ? void 0 : t;
}
var mr,
  J = !1,
  ms = {
    configurable: !0,
    get() {
      J = !0;
    },
  };
function I(r, e, t) {
  const n = Object.getPrototypeOf(r._zod);
  if (e in n && mr !== r._zod) {
    mr = void 0;
    return;
  }
  (mr = r._zod),
    Object.defineProperty(n, e, {
      configurable: !0,
      get() {
        Object.defineProperty(this, e, ms);
        const o = J;
        J = !1;
        try {
          const i = t(this);
          return (
            J ? delete this[e] : Object.defineProperty(this, e, { configurable: !0, writable: !0, value: i }),
            (J = J || o),
            i
          );
        } catch (i) {
          throw (delete this[e], (J = J || o), i);
        }
      },
      set(o) {
        Object.defineProperty(this, e, { configurable: !0, writable: !0, value: o });
      },
    });
}
function oo(r, e, t, n) {
  const o = fs(r, e);
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
function hs() {
  const r = this._zod;
  return (r.message ?? (r.message = JSON.stringify(r.def, Jn, 2)), r.message);
}
function gs(r) {
  this._zod.message = r;
}
var ys = { get: hs, set: gs, enumerable: !0, configurable: !0 },
  kr = { value: void 0, enumerable: !1 },
  io = new WeakSet([Object.prototype, Error.prototype]),
  so = (r, e) => {
    (r.name = '$ZodError'),
      (kr.value = e),
      Object.defineProperty(r, 'issues', kr),
      (kr.value = void 0),
      Object.defineProperty(r, 'message', ys);
    const t = Object.getPrototypeOf(r);
    io.has(t) ||
      (io.add(t),
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
  xl = h('$ZodError', so),
  Ue = h('$ZodError', so, void 0, { Parent: Error });
var _s = (r) => {
    const e = (t, n, o, i) => {
      const s = o ? { ...o, async: !1 } : { async: !1 },
        a = t._zod.run({ value: n, issues: [] }, s);
      if (a instanceof Promise) throw new V();
      if (a.issues.length) {
        const c = new (i?.Err ?? r)(a.issues.map((u) => F(u, s, j())));
        throw (wr(c, i?.callee ?? e), c);
      }
      return a.value;
    };
    return e;
  },
  Pr = _s(Ue),
  ws = (r) => {
    const e = async (t, n, o, i) => {
      let s = o ? { ...o, async: !0 } : { async: !0 },
        a = t._zod.run({ value: n, issues: [] }, s);
      if ((a instanceof Promise && (a = await a), a.issues.length)) {
        const c = new (i?.Err ?? r)(a.issues.map((u) => F(u, s, j())));
        throw (wr(c, i?.callee ?? e), c);
      }
      return a.value;
    };
    return e;
  },
  Ir = ws(Ue),
  bs = (r) => (e, t, n) => {
    const o = n ? { ...n, async: !1 } : { async: !1 },
      i = e._zod.run({ value: t, issues: [] }, o);
    if (i instanceof Promise) throw new V();
    return i.issues.length ? ao(r, i.issues, o) : { success: !0, data: i.value };
  },
  Tr = bs(Ue);
function ao(r, e, t) {
  let n;
  return {
    success: !1,
    get error() {
      return (n || ((n = new r(e.map((o) => F(o, t, j())))), (e = void 0), (t = void 0)), n);
    },
    set error(o) {
      (n = o), (e = void 0), (t = void 0);
    },
  };
}
var xs = (r) => async (e, t, n) => {
    let o = n ? { ...n, async: !0 } : { async: !0 },
      i = e._zod.run({ value: t, issues: [] }, o);
    return (
      i instanceof Promise && (i = await i), i.issues.length ? ao(r, i.issues, o) : { success: !0, data: i.value }
    );
  },
  Rr = xs(Ue);
var co = /^P(?:(\d+W)|(?!.*W)(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?)$/;
var uo =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
function Es(r) {
  return new RegExp(`^${r}$`);
}
var lo = Es(uo);
function Cr(r) {
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
function po(r) {
  return new RegExp(`^${Cr(r)}$`);
}
function fo(r) {
  const e = ['Z'];
  r.offset && e.push('([+-](?:[01]\\d|2[0-3]):[0-5]\\d)');
  const t = `${Cr({ precision: r.precision, seconds: !0 })}(?:${e.join('|')})`,
    n = r.local ? `${t}|${Cr({ precision: r.precision })}` : t;
  return new RegExp(`^${uo}T(?:${n})$`);
}
var mo = /^[\s\S]{0,}$/;
var zr = /^-?\d+(?:\.\d+)?$/;
var B = h('$ZodCheck', (r, e) => {
  var t;
  r._zod ?? (r._zod = {}), (r._zod.def = e), (t = r._zod).onattach ?? (t.onattach = []);
});
var go = (r) => {
    const e = r.value;
    return !qn(e) && e.length !== void 0;
  },
  _t = { number: 'number', bigint: 'bigint', object: 'date' },
  yo = h('$ZodCheckLessThan', (r, e) => {
    B.init(r, e);
    const t = _t[typeof e.value];
    r._zod.check = (n) => {
      (e.inclusive ? n.value <= e.value : n.value < e.value) ||
        n.issues.push({
          origin: _t[typeof n.value] ?? t,
          code: 'too_big',
          maximum: typeof e.value == 'object' ? e.value.getTime() : e.value,
          input: n.value,
          inclusive: e.inclusive,
          inst: r,
          continue: !e.abort,
        });
    };
  }),
  vo = h('$ZodCheckGreaterThan', (r, e) => {
    B.init(r, e);
    const t = _t[typeof e.value];
    r._zod.check = (n) => {
      (e.inclusive ? n.value >= e.value : n.value > e.value) ||
        n.issues.push({
          origin: _t[typeof n.value] ?? t,
          code: 'too_small',
          minimum: typeof e.value == 'object' ? e.value.getTime() : e.value,
          input: n.value,
          inclusive: e.inclusive,
          inst: r,
          continue: !e.abort,
        });
    };
  });
var _o = h('$ZodCheckNumberFormat', (r, e) => {
  B.init(r, e), (e.format = e.format || 'float64');
  const t = e.format?.includes('int'),
    n = t ? 'int' : 'number',
    [o, i] = ro[e.format];
  r._zod.check = (s) => {
    const a = s.value;
    if (t) {
      if (!Number.isInteger(a)) {
        s.issues.push({ expected: n, format: e.format, code: 'invalid_type', continue: !1, input: a, inst: r });
        return;
      }
      if (!Number.isSafeInteger(a)) {
        a > 0
          ? s.issues.push({
              input: a,
              code: 'too_big',
              maximum: Number.MAX_SAFE_INTEGER,
              note: 'Integers must be within the safe integer range.',
              inst: r,
              origin: n,
              inclusive: !0,
              continue: !e.abort,
            })
          : s.issues.push({
              input: a,
              code: 'too_small',
              minimum: Number.MIN_SAFE_INTEGER,
              note: 'Integers must be within the safe integer range.',
              inst: r,
              origin: n,
              inclusive: !0,
              continue: !e.abort,
            });
        return;
      }
    }
    a < o &&
      s.issues.push({
        origin: 'number',
        input: a,
        code: 'too_small',
        minimum: o,
        inclusive: !0,
        inst: r,
        continue: !e.abort,
      }),
      a > i &&
        s.issues.push({
          origin: 'number',
          input: a,
          code: 'too_big',
          maximum: i,
          inclusive: !0,
          inst: r,
          continue: !e.abort,
        });
  };
});
var wo = h('$ZodCheckMaxLength', (r, e) => {
    var t;
    B.init(r, e),
      (t = r._zod.def).when ?? (t.when = go),
      (r._zod.check = (n) => {
        const o = n.value,
          i = o.length;
        if ((typeof o == 'string' && i > e.maximum ? Ar(o) : i) <= e.maximum) return;
        const a = Sr(o);
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
  bo = h('$ZodCheckMinLength', (r, e) => {
    var t;
    B.init(r, e),
      (t = r._zod.def).when ?? (t.when = go),
      (r._zod.check = (n) => {
        const o = n.value,
          i = o.length;
        if ((typeof o == 'string' && i >= e.minimum && i < e.minimum * 2 ? Ar(o) : i) >= e.minimum) return;
        const a = Sr(o);
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
var xo = h('$ZodCheckStringFormat', (r, e) => {
  var t, n;
  B.init(r, e),
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
});
var Ao = { major: 4, minor: 6, patch: 7 };
var T = h(
    '$ZodType',
    (r, e) => {
      var t;
      r ?? (r = {}), (r._zod.def = e), (r._zod.bag = r._zod.bag || {}), (r._zod.version = Ao);
      const n = r._zod.def.checks,
        o = r._zod.traits.has('$ZodCheck') ? [r, ...(n ?? [])] : n?.length ? [...n] : [];
      for (const i of o) for (const s of i._zod.onattach) s(r);
      if (o.length === 0)
        (t = r._zod).deferred ?? (t.deferred = []),
          r._zod.deferred?.push(() => {
            r._zod.run = r._zod.parse;
          });
      else {
        const i = (a, c, u) => {
            if (a.memo) return a;
            let l = q(a),
              d;
            for (const p of c) {
              if (p._zod.def.when) {
                if (no(a) || !p._zod.def.when(a)) continue;
              } else if (l) continue;
              const f = a.issues.length,
                m = p._zod.check(a);
              if (m instanceof Promise && u?.async === !1) throw new V();
              if (d || m instanceof Promise)
                d = (d ?? Promise.resolve()).then(async () => {
                  await m, a.issues.length !== f && (Er(a.issues, f, r), l || (l = q(a, f)));
                });
              else {
                if (a.issues.length === f) continue;
                Er(a.issues, f, r), l || (l = q(a, f));
              }
            }
            return d ? d.then(() => a) : a;
          },
          s = (a, c, u) => {
            if (q(a)) return ((a.aborted = !0), a);
            const l = i(c, o, u);
            if (l instanceof Promise) {
              if (u.async === !1) throw new V();
              return l.then((d) => r._zod.parse(d, u));
            }
            return r._zod.parse(l, u);
          };
        r._zod.run = (a, c) => {
          if (c.skipChecks) return r._zod.parse(a, c);
          if (c.direction === 'backward') {
            const l = r._zod.parse({ value: a.value, issues: [] }, { ...c, skipChecks: !0 });
            return l instanceof Promise ? l.then((d) => s(d, a, c)) : s(l, a, c);
          }
          const u = r._zod.parse(a, c);
          if (u instanceof Promise) {
            if (c.async === !1) throw new V();
            return u.then((l) => i(l, o, c));
          }
          return i(u, o, c);
        };
      }
    },
    {
      get '~standard'() {
        return $r(this, '~standard', $s(this));
      },
      set '~standard'(r) {
        ie(this, '~standard', r);
      },
    },
  ),
  Po = (r, e) => (r.issues.length ? { issues: r.issues.map((t) => F(t, e, j())) } : { value: r.value });
async function Ss(r, e) {
  const t = { async: !0 };
  return Po(await r._zod.run({ value: e, issues: [] }, t), t);
}
function $s(r) {
  return {
    validate: (e) => {
      const t = { async: !1 };
      try {
        const n = r._zod.run({ value: e, issues: [] }, t);
        if (!(n instanceof Promise)) return Po(n, t);
      } catch {}
      return Ss(r, e);
    },
    vendor: 'zod',
    version: 1,
  };
}
var Nr = h('$ZodString', (r, e) => {
    T.init(r, e),
      (r._zod.pattern = e.pattern ?? mo),
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
  ge = h('$ZodStringFormat', (r, e) => {
    xo.init(r, e), Nr.init(r, e);
  });
var Io = h('$ZodISODateTime', (r, e) => {
    e.pattern ?? (e.pattern = fo(e)), ge.init(r, e);
  }),
  To = h('$ZodISODate', (r, e) => {
    e.pattern ?? (e.pattern = lo), ge.init(r, e);
  }),
  Ro = h('$ZodISOTime', (r, e) => {
    e.pattern ?? (e.pattern = po(e)), ge.init(r, e);
  }),
  Co = h('$ZodISODuration', (r, e) => {
    e.pattern ?? (e.pattern = co), ge.init(r, e);
  });
var Mr = h('$ZodNumber', (r, e) => {
    T.init(r, e),
      (r._zod.pattern = zr),
      (r._zod.parse = (t, n) => {
        if (e.coerce)
          try {
            t.value = Number(t.value);
          } catch {}
        const o = t.value;
        if (typeof o == 'number' && !Number.isNaN(o) && Number.isFinite(o)) return t;
        const i = typeof o == 'number' ? (Number.isNaN(o) ? 'NaN' : Number.isFinite(o) ? void 0 : String(o)) : void 0;
        return (
          t.issues.push({ expected: 'number', code: 'invalid_type', input: o, inst: r, ...(i ? { received: i } : {}) }),
          t
        );
      });
  }),
  zo = h('$ZodNumberFormat', (r, e) => {
    _o.init(r, e), Mr.init(r, e);
  });
var No = h('$ZodUnknown', (r, e) => {
    T.init(r, e), (r._zod.parse = (t) => t);
  }),
  Mo = h('$ZodNever', (r, e) => {
    T.init(r, e),
      (r._zod.parse = (t, n) => (
        t.issues.push({ expected: 'never', code: 'invalid_type', input: t.value, inst: r }), t
      ));
  });
function wt(r, e, t, n, o, i) {
  const s = t in n,
    a = i === 'optional';
  if (!(!s && a && o === 'optional')) {
    if (r.issues.length) {
      if (o !== void 0 && a && !s) return;
      e.issues.push(...se(t, r.issues));
    }
    if (!s && o === void 0) {
      r.issues.length || e.issues.push({ code: 'invalid_type', expected: 'nonoptional', input: void 0, path: [t] });
      return;
    }
    r.value === void 0 ? (s || (o === 'defaulted' && !a)) && (e.value[t] = void 0) : (e.value[t] = r.value);
  }
}
var ks = [];
function Ps(r) {
  const e = Object.keys(r.shape),
    t = Object.getOwnPropertySymbols(r.shape),
    n = t.length ? t : ks,
    o = n.length ? [...e, ...n] : e;
  for (const s of o)
    if (!r.shape?.[s]?._zod?.traits?.has('$ZodType'))
      throw new Error(`Invalid element at key "${String(s)}": expected a Zod schema`);
  const i = to(r.shape);
  return { ...r, allKeys: o, symbolKeys: n, keySet: new Set(e), numKeys: e.length, optionalKeys: new Set(i) };
}
function Is(r, e, t, n, o, i, s) {
  let a = [],
    c = o.keySet,
    u = o.catchall._zod,
    l = u.def.type,
    d = u.optin,
    p = u.optout,
    f = 0;
  for (const m in e) {
    if (s && t.issues.length !== f) {
      if (q(t, f)) break;
      f = t.issues.length;
    }
    if (c.has(m)) continue;
    if (m === '__proto__') {
      l === 'never' && a.push(m);
      continue;
    }
    if (l === 'never') {
      a.push(m);
      continue;
    }
    const g = u.run({ value: e[m], issues: [] }, n);
    g instanceof Promise ? r.push(g.then((x) => wt(x, t, m, e, d, p))) : wt(g, t, m, e, d, p);
  }
  return (
    a.length && t.issues.push({ code: 'unrecognized_keys', keys: a, input: e, inst: i, continue: !0 }),
    r.length ? Promise.all(r).then(() => t) : t
  );
}
var Oo = h('$ZodObject', (r, e) => {
  T.init(r, e);
  const t = Object.getOwnPropertyDescriptor(e, 'shape'),
    n = t?.get ? t.get.raw : (e.shape ?? {});
  if (n) {
    const u = () => {
      const l = { ...n };
      return (Object.defineProperty(e, 'shape', { value: l }), (u.raw = l), l);
    };
    (u.raw = n), Object.defineProperty(e, 'shape', { get: u });
  }
  const o = yr(() => Ps(e));
  I(r, 'propValues', (u) => {
    const l = u.def.shape,
      d = {};
    for (const p in l) {
      const f = l[p]._zod;
      if (f.values) {
        Object.hasOwn(d, p) || _r(d, p, new Set());
        for (const m of f.values) d[p].add(m);
        f.optin !== void 0 && d[p].add(void 0);
      }
    }
    return d;
  });
  let i = Le,
    s = e.catchall,
    a,
    c = Ze.memoizer;
  c?.attach(r),
    (r._zod.parse = (u, l) => {
      a ?? (a = o.value);
      const d = u.value;
      if (!i(d)) return (u.issues.push({ expected: 'object', code: 'invalid_type', input: d, inst: r }), u);
      u.value = c ? c.alloc(r, u, {}, l) : {};
      let p = [],
        f = a.shape,
        m = l?.abortEarly,
        g = u.issues.length;
      for (const x of a.allKeys) {
        if (m && u.issues.length !== g) {
          if (q(u, g)) break;
          g = u.issues.length;
        }
        if (x === '__proto__') continue;
        const S = f[x],
          k = S._zod.optin,
          Xr = S._zod.optout,
          Kt = S._zod.run({ value: d[x], issues: [] }, l);
        Kt instanceof Promise ? p.push(Kt.then((Ri) => wt(Ri, u, x, d, k, Xr))) : wt(Kt, u, x, d, k, Xr);
      }
      return s ? Is(p, d, u, l, o.value, r, m === !0) : p.length ? Promise.all(p).then(() => u) : u;
    });
});
function So(r, e, t, n) {
  for (const i of r) if (i.issues.length === 0) return ((e.value = i.value), e);
  const o = r.filter((i) => !q(i));
  return o.length === 1
    ? ((e.value = o[0].value), o[0])
    : (e.issues.push({
        code: 'invalid_union',
        input: e.value,
        inst: t,
        errors: r.map((i) => i.issues.map((s) => F(s, n, j()))),
      }),
      e);
}
var Zo = h('$ZodUnion', (r, e) => {
  T.init(r, e),
    I(r, 'optin', (n) =>
      n.def.options.some((o) => o._zod.optin === 'defaulted')
        ? 'defaulted'
        : n.def.options.some((o) => o._zod.optin !== void 0)
          ? 'optional'
          : void 0,
    ),
    I(r, 'optout', (n) => (n.def.options.some((o) => o._zod.optout === 'optional') ? 'optional' : void 0)),
    I(r, 'values', (n) => {
      if (n.def.options.every((o) => o._zod.values))
        return new Set(n.def.options.flatMap((o) => Array.from(o._zod.values)));
    }),
    I(r, 'pattern', (n) => {
      if (n.def.options.every((o) => o._zod.pattern)) {
        const o = n.def.options.map((i) => i._zod.pattern);
        return new RegExp(`^(${o.map((i) => vr(i.source)).join('|')})$`);
      }
    });
  const t = e.options.length === 1 ? e.options[0]._zod.run : null;
  r._zod.parse = (n, o) => {
    if (t) return t(n, o);
    let i = !1,
      s = [];
    for (const a of e.options) {
      const c = a._zod.run({ value: n.value, issues: [] }, o);
      if (c instanceof Promise) s.push(c), (i = !0);
      else {
        if (c.issues.length === 0) return c;
        s.push(c);
      }
    }
    return i ? Promise.all(s).then((a) => So(a, n, r, o)) : So(s, n, r, o);
  };
});
function Ts(r) {
  const e = new Map();
  for (const t of r.options) {
    const n = t._zod.propValues?.[r.discriminator];
    if (!n || n.size === 0) throw new Error(`Invalid discriminated union option at index "${r.options.indexOf(t)}"`);
    for (const o of n)
      if (e.has(o)) {
        if (o !== void 0) throw new Error(`Duplicate discriminator value "${String(o)}"`);
        e.set(o, null);
      } else e.set(o, t);
  }
  return e;
}
var Do = h('$ZodDiscriminatedUnion', (r, e) => {
  (e.inclusive = !1), Zo.init(r, e);
  const t = r._zod.parse;
  I(r, 'propValues', (o) => {
    let i = {},
      s = 0;
    for (const a of o.def.options) {
      const c = a._zod.propValues;
      if (!c || Object.keys(c).length === 0)
        throw new Error(`Invalid discriminated union option at index "${o.def.options.indexOf(a)}"`);
      c[o.def.discriminator]?.has(void 0) && s++;
      for (const [u, l] of Object.entries(c)) {
        Object.hasOwn(i, u) || _r(i, u, new Set());
        for (const d of l) i[u].add(d);
      }
    }
    return (!o.def.unionFallback && s > 1 && i[o.def.discriminator]?.delete(void 0), i);
  }),
    e.options.forEach((o, i) => {
      const s = Qn(o._zod.def);
      if (s && !Object.hasOwn(s, e.discriminator))
        throw new Error(`Invalid discriminated union option at index "${i}"`);
    });
  const n = yr(() => Ts(e));
  r._zod.parse = (o, i) => {
    const s = o.value;
    if (!Le(s)) return (o.issues.push({ code: 'invalid_type', expected: 'object', input: s, inst: r }), o);
    const a = s?.[e.discriminator],
      c = n.value.get(a);
    return c && (a !== void 0 || i.direction !== 'backward')
      ? c._zod.run(o, i)
      : e.unionFallback || i.direction === 'backward'
        ? t(o, i)
        : (o.issues.push({
            code: 'invalid_union',
            errors: [],
            note: 'No matching discriminator',
            discriminator: e.discriminator,
            options: Array.from(n.value.keys()).filter((u) => n.value.get(u) !== null),
            input: s,
            path: [e.discriminator],
            inst: r,
          }),
          o);
  };
});
var Lo = h('$ZodRecord', (r, e) => {
  T.init(r, e);
  const t = Ze.memoizer;
  t?.attach(r),
    (r._zod.parse = (n, o) => {
      const i = n.value;
      if (!br(i)) return (n.issues.push({ expected: 'record', code: 'invalid_type', input: i, inst: r }), n);
      const s = [],
        a = e.keyType._zod.values;
      if (a && !e.partial) {
        n.value = t ? t.alloc(r, n, {}, o) : {};
        const c = new Set();
        for (const l of a)
          if (typeof l == 'string' || typeof l == 'number' || typeof l == 'symbol') {
            if ((c.add(typeof l == 'number' ? l.toString() : l), l === '__proto__')) continue;
            const d = e.keyType._zod.run({ value: l, issues: [] }, o);
            if (d instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
            if (d.issues.length) {
              n.issues.push({
                code: 'invalid_key',
                origin: 'record',
                issues: d.issues.map((m) => F(m, o, j())),
                input: l,
                path: [l],
                inst: r,
              });
              continue;
            }
            const p = d.value;
            if (p === '__proto__') continue;
            const f = e.valueType._zod.run({ value: i[l], issues: [] }, o);
            f instanceof Promise
              ? s.push(
                  f.then((m) => {
                    m.issues.length && n.issues.push(...se(l, m.issues)), (n.value[p] = m.value);
                  }),
                )
              : (f.issues.length && n.issues.push(...se(l, f.issues)), (n.value[p] = f.value));
          }
        let u;
        for (const l in i)
          if (!c.has(l))
            if (e.mode === 'loose') {
              if (l === '__proto__') continue;
              n.value[l] = i[l];
            } else (u = u ?? []), u.push(l);
        u && u.length > 0 && n.issues.push({ code: 'unrecognized_keys', input: i, inst: r, keys: u, continue: !0 });
      } else {
        n.value = t ? t.alloc(r, n, {}, o) : {};
        let c;
        for (const u of Reflect.ownKeys(i)) {
          if (u === '__proto__' || !Object.prototype.propertyIsEnumerable.call(i, u)) continue;
          let l = e.keyType._zod.run({ value: u, issues: [] }, o);
          if (l instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
          if (typeof u == 'string' && zr.test(u) && l.issues.length) {
            const m = e.keyType._zod.run({ value: Number(u), issues: [] }, o);
            if (m instanceof Promise) throw new Error('Async schemas not supported in object keys currently');
            m.issues.length === 0 && (l = m);
          }
          if (l.issues.length) {
            e.mode === 'loose'
              ? (n.value[u] = i[u])
              : a
                ? ((c = c ?? []), c.push(u))
                : n.issues.push({
                    code: 'invalid_key',
                    origin: 'record',
                    issues: l.issues.map((m) => F(m, o, j())),
                    input: u,
                    path: [u],
                    inst: r,
                  });
            continue;
          }
          const p = l.value;
          if (p === '__proto__') continue;
          const f = e.valueType._zod.run({ value: i[u], issues: [] }, o);
          f instanceof Promise
            ? s.push(
                f.then((m) => {
                  m.issues.length && n.issues.push(...se(u, m.issues)), (n.value[p] = m.value);
                }),
              )
            : (f.issues.length && n.issues.push(...se(u, f.issues)), (n.value[p] = f.value));
        }
        c && c.length > 0 && n.issues.push({ code: 'unrecognized_keys', input: i, inst: r, keys: c, continue: !0 });
      }
      return s.length ? Promise.all(s).then(() => n) : n;
    });
});
var Ko = h('$ZodEnum', (r, e) => {
    T.init(r, e);
    const t = gr(e.entries),
      n = new Set(t);
    (r._zod.values = n),
      I(r, 'pattern', (o) => {
        const i = gr(o.def.entries).filter((s) => eo.has(typeof s));
        return new RegExp(i.length ? `^(${i.map((s) => Ke(s.toString())).join('|')})$` : '^[^\\s\\S]$');
      }),
      (r._zod.parse = (o, i) => {
        const s = o.value;
        return (n.has(s) || o.issues.push({ code: 'invalid_value', values: t, input: s, inst: r }), o);
      });
  }),
  Uo = h('$ZodLiteral', (r, e) => {
    T.init(r, e);
    const t = new Set(e.values);
    (r._zod.values = t),
      I(r, 'pattern', (n) => {
        const o = n.def.values;
        return new RegExp(
          o.length
            ? `^(${o.map((i) => (typeof i == 'string' ? Ke(i) : i ? Ke(i.toString()) : String(i))).join('|')})$`
            : '^[^\\s\\S]$',
        );
      }),
      (r._zod.parse = (n, o) => {
        const i = n.value;
        return (t.has(i) || n.issues.push({ code: 'invalid_value', values: e.values, input: i, inst: r }), n);
      });
  });
function $o(r, e) {
  return ((r.value = e.issues.length ? void 0 : e.value), r);
}
var Vo = h('$ZodOptional', (r, e) => {
  T.init(r, e),
    I(r, 'optin', (t) => (t.def.innerType._zod.optin === 'defaulted' ? 'defaulted' : 'optional')),
    (r._zod.optout = 'optional'),
    I(r, 'values', (t) => {
      const n = t.def.innerType._zod.values;
      return n ? new Set([...n, void 0]) : void 0;
    }),
    I(r, 'pattern', (t) => {
      const n = t.def.innerType._zod.pattern;
      return n ? new RegExp(`^(${vr(n.source)})?$`) : void 0;
    }),
    (r._zod.parse = (t, n) => {
      if (t.value === void 0) {
        if (e.innerType._zod.optin !== 'defaulted') return t;
        const o = e.innerType._zod.run({ value: t.value, issues: [] }, n);
        return o instanceof Promise ? o.then((i) => $o(t, i)) : $o(t, o);
      }
      return e.innerType._zod.run(t, n);
    });
});
var jo = h('$ZodDefault', (r, e) => {
  T.init(r, e),
    (r._zod.optin = 'defaulted'),
    I(r, 'values', (t) => t.def.innerType._zod.values),
    (r._zod.parse = (t, n) => {
      if (n.direction === 'backward') return e.innerType._zod.run(t, n);
      if (t.value === void 0) return ((t.value = e.defaultValue), t);
      const o = e.innerType._zod.run(t, n);
      return o instanceof Promise ? o.then((i) => ko(i, e)) : ko(o, e);
    });
});
function ko(r, e) {
  return (r.value === void 0 && (r.value = e.defaultValue), r);
}
function Fo(r) {
  return (r.checks && (r.checks = [...r.checks]), r);
}
function Bo(r, e) {
  return new r(Fo({ type: 'string', ..._(e) }));
}
function Wo(r, e) {
  return new r({
    type: 'string',
    format: 'datetime',
    check: 'string_format',
    offset: !1,
    local: !1,
    precision: null,
    ..._(e),
  });
}
function Go(r, e) {
  return new r({ type: 'string', format: 'date', check: 'string_format', ..._(e) });
}
function Ho(r, e) {
  return new r({ type: 'string', format: 'time', check: 'string_format', precision: null, ..._(e) });
}
function Yo(r, e) {
  return new r({ type: 'string', format: 'duration', check: 'string_format', ..._(e) });
}
function Xo(r, e) {
  return new r(Fo({ type: 'number', checks: [], ..._(e) }));
}
function Jo(r, e) {
  return new r({ type: 'number', check: 'number_format', abort: !1, format: 'safeint', ..._(e) });
}
function qo(r) {
  return new r({ type: 'unknown' });
}
function Qo(r, e) {
  return new r({ type: 'never', ..._(e) });
}
function bt(r, e) {
  return new yo({ check: 'less_than', ..._(e), value: r, inclusive: !0 });
}
function ye(r, e) {
  return new vo({ check: 'greater_than', ..._(e), value: r, inclusive: !0 });
}
function Or(r, e) {
  return new wo({ check: 'max_length', ..._(e), maximum: r });
}
function ce(r, e) {
  return new bo({ check: 'min_length', ..._(e), minimum: r });
}
var M = h(
    'ZodMiniType',
    (r, e) => {
      if (!r._zod) throw new Error('Uninitialized schema in ZodMiniType.');
      T.init(r, e), (r.def = e), (r.type = e.type);
    },
    {
      get with() {
        return this.check;
      },
      set with(r) {
        ie(this, 'with', r);
      },
      parse(r, e) {
        return Pr(this, r, e, { callee: this.parse });
      },
      parseAsync(r, e) {
        return Ir(this, r, e, { callee: this.parseAsync });
      },
      safeParse(r, e) {
        return Tr(this, r, e);
      },
      safeParseAsync(r, e) {
        return Rr(this, r, e);
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
        return vt(this, r, e);
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
  ri = h('ZodMiniString', (r, e) => {
    Nr.init(r, e), M.init(r, e);
  });
function R(r) {
  return Bo(ri, r);
}
var Ve = h('ZodMiniStringFormat', (r, e) => {
  ge.init(r, e), ri.init(r, e);
});
var ni = h('ZodMiniNumber', (r, e) => {
  Mr.init(r, e), M.init(r, e);
});
function xt(r) {
  return Xo(ni, r);
}
var Cs = h('ZodMiniNumberFormat', (r, e) => {
  zo.init(r, e), ni.init(r, e);
});
function Et(r) {
  return Jo(Cs, r);
}
var zs = h('ZodMiniUnknown', (r, e) => {
  No.init(r, e), M.init(r, e);
});
function Zr() {
  return qo(zs);
}
var Ns = h('ZodMiniNever', (r, e) => {
  Mo.init(r, e), M.init(r, e);
});
function Ms(r) {
  return Qo(Ns, r);
}
var oi = h('ZodMiniObject', (r, e) => {
  Oo.init(r, e), M.init(r, e), oo(r, 'shape', (t) => t._zod.def.shape, !1);
});
function Q(r, e) {
  return new oi({ type: 'object', shape: r, catchall: Ms(), ..._(e) });
}
function ii(r, e) {
  return new oi({ type: 'object', shape: r, catchall: Zr(), ..._(e) });
}
var Os = h('ZodMiniDiscriminatedUnion', (r, e) => {
  Do.init(r, e), M.init(r, e);
});
function si(r, e, t) {
  return new Os({ type: 'union', options: e, discriminator: r, ..._(t) });
}
var ei = h('ZodMiniRecord', (r, e) => {
  Lo.init(r, e), M.init(r, e);
});
function ai(r, e, t) {
  return !e || !e._zod
    ? new ei({ type: 'record', keyType: R(), valueType: r, ..._(e) })
    : new ei({ type: 'record', keyType: r, valueType: e, ..._(t) });
}
var Zs = h('ZodMiniEnum', (r, e) => {
  Ko.init(r, e), M.init(r, e), (r.options = [...r._zod.values]);
});
function At(r, e) {
  const t = Array.isArray(r) ? Object.fromEntries(r.map((n) => [n, n])) : r;
  return new Zs({ type: 'enum', entries: t, ..._(e) });
}
var Ds = h('ZodMiniLiteral', (r, e) => {
  Uo.init(r, e), M.init(r, e);
});
function ve(r, e) {
  return new Ds({ type: 'literal', values: Array.isArray(r) ? r : [r], ..._(e) });
}
var Ls = h('ZodMiniOptional', (r, e) => {
  Vo.init(r, e), M.init(r, e);
});
function _e(r) {
  return new Ls({ type: 'optional', innerType: r });
}
var Ks = h('ZodMiniDefault', (r, e) => {
  jo.init(r, e), M.init(r, e);
});
function St(r, e) {
  return new Ks({
    type: 'default',
    innerType: r,
    get defaultValue() {
      return typeof e == 'function' ? e() : xr(e);
    },
  });
}
var $t = {};
Jr($t, {
  ZodMiniISODate: () => ui,
  ZodMiniISODateTime: () => ci,
  ZodMiniISODuration: () => di,
  ZodMiniISOTime: () => li,
  date: () => js,
  datetime: () => Vs,
  duration: () => Bs,
  time: () => Fs,
});
var ci = h('ZodMiniISODateTime', (r, e) => {
  Io.init(r, e), Ve.init(r, e);
});
function Vs(r) {
  return Wo(ci, r);
}
var ui = h('ZodMiniISODate', (r, e) => {
  To.init(r, e), Ve.init(r, e);
});
function js(r) {
  return Go(ui, r);
}
var li = h('ZodMiniISOTime', (r, e) => {
  Ro.init(r, e), Ve.init(r, e);
});
function Fs(r) {
  return Ho(li, r);
}
var di = h('ZodMiniISODuration', (r, e) => {
  Co.init(r, e), Ve.init(r, e);
});
function Bs(r) {
  return Yo(di, r);
}
var we = Q({
  secretName: R().check(ce(1)),
  oldVersionId: R().check(ce(1)),
  newVersionId: R().check(ce(1)),
  mode: At(['scheduled', 'emergency', 'abuse']),
  reason: St(R().check(Or(500)), ''),
});
var vi = require('@aws-sdk/client-iam'),
  _i = require('@aws-sdk/client-sts');
var y = class extends $ {
    constructor(t, n, o) {
      super(`${t}: ${n}`, o);
      this.provider = t;
      (this.name = 'ProviderError'), (this.status = o?.status);
    }
    provider;
    retryable = !1;
    status;
  },
  ee = class extends y {
    constructor(t, n, o, i) {
      super(t, n, i);
      this.retryAfterMs = o;
      this.name = 'ProviderRateLimitedError';
    }
    retryAfterMs;
    retryable = !0;
  },
  W = class extends y {
    retryable = !0;
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'ProviderUnavailableError');
    }
  },
  be = class extends y {
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'ProviderUnauthorizedError');
    }
  },
  D = class extends y {
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'ProviderNotFoundError');
    }
  },
  b = class extends y {
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'KeyRejectedError');
    }
  },
  kt = class extends y {
    constructor(e, t) {
      super(e, t), (this.name = 'ManualKeyRequiredError');
    }
  },
  je = class extends y {
    constructor(e, t, n) {
      super(e, t, n), (this.name = 'ProviderLimitError');
    }
  };
var fi = { attempts: 3, timeoutMs: 5e3, baseDelayMs: 200, maxDelayMs: 2e3, maxRetryAfterMs: 5e3 };
async function te(r, e, t) {
  const n = Math.max(1, e.policy.attempts);
  for (let o = 1; ; o++) {
    let i,
      s = !0;
    try {
      const c = await Gs(r, e, t);
      if ((c.status >= 200 && c.status < 300) || t.pass?.includes(c.status)) return c;
      (i = Ys(r, t, c)), (s = !(i instanceof ee));
    } catch (c) {
      if (!(c instanceof y)) throw c;
      i = c;
    }
    if (!i.retryable || o >= n || (s && t.retryAmbiguous === !1)) throw i;
    const a = Ws(e, o);
    if (i instanceof ee && i.retryAfterMs !== void 0) {
      if (i.retryAfterMs > e.policy.maxRetryAfterMs) throw i;
      await e.sleep(Math.max(i.retryAfterMs, a));
    } else await e.sleep(a);
  }
}
function Ws(r, e) {
  const t = Math.min(r.policy.maxDelayMs, r.policy.baseDelayMs * 2 ** (e - 1));
  return Math.round(t / 2 + r.random() * (t / 2));
}
async function Gs(r, e, t) {
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
    return { status: o.status, body: Hs(i), headers: o.headers };
  } catch (o) {
    const i = o?.name;
    if (i === 'TimeoutError' || i === 'AbortError') throw new W(r, `${t.op} timed out after ${e.policy.timeoutMs} ms`);
    const s = (o?.cause?.code ?? i ?? 'error').toString();
    throw new W(r, `${t.op} failed: network error (${Lr(s)})`);
  }
}
function Hs(r) {
  if (r !== '')
    try {
      return JSON.parse(r);
    } catch {
      return r;
    }
}
function Ys(r, e, t) {
  const n = Js(t.body),
    o = `${e.op} answered HTTP ${t.status}${n ? ` (${n})` : ''}`,
    i = t.status;
  return i === 429
    ? new ee(r, o, Xs(t.headers), { status: i })
    : i >= 500
      ? new W(r, o, { status: i })
      : (i === 401 || i === 403) && e.auth === 'admin'
        ? new be(r, `${o}: the admin credential was refused`, { status: i })
        : i === 404
          ? new D(r, o, { status: i })
          : new y(r, o, { status: i });
}
function Xs(r, e = Date.now) {
  const t = r.get('retry-after-ms');
  if (t !== null && t.trim() !== '' && Number.isFinite(Number(t))) return Math.max(0, Number(t));
  const n = r.get('retry-after');
  if (n === null || n.trim() === '') return;
  if (Number.isFinite(Number(n))) return Math.max(0, Number(n) * 1e3);
  const o = Date.parse(n);
  return Number.isNaN(o) ? void 0 : Math.max(0, o - e());
}
function Js(r) {
  if (!r || typeof r != 'object') return typeof r == 'string' && r ? Lr(r) : void 0;
  const e = r,
    t = e.error && typeof e.error == 'object' ? e.error : void 0,
    n = [t ? t.type : typeof e.error == 'string' ? e.error : void 0, t?.code, t ? t.message : e.message].filter(
      (o) => typeof o == 'string' && o !== '',
    );
  return n.length > 0 ? Lr([...new Set(n)].join(': ')) : void 0;
}
function Fe(r) {
  if (!r || typeof r != 'object') return;
  const e = r.error;
  if (e && typeof e == 'object') {
    const { code: t, type: n } = e;
    if (typeof t == 'string') return t;
    if (typeof n == 'string') return n;
  }
  return typeof e == 'string' ? e : void 0;
}
function Lr(r) {
  return Oe(r)
    .replace(/\S*\*{2,}\S*/g, '[REDACTED]')
    .replace(/\b(?:sk|rk|key)[-_][A-Za-z0-9_.-]{6,}/gi, '[REDACTED]')
    .slice(0, 200);
}
var Kr = (r) => new Promise((e) => setTimeout(e, r));
function re(r, e) {
  return `${r.replace(/\/+$/, '')}/${e.replace(/^\/+/, '')}`;
}
function C(r, e, t, n) {
  const o = e.options[t];
  if (typeof o == 'string' && o !== '') return o;
  if (n !== void 0) return n;
  throw new y(r, `secret ${e.secretName} has no options.${t}`);
}
function mi(r, e) {
  const t = r.options[e];
  return typeof t == 'string' && t !== '' ? t : void 0;
}
function Ur(r) {
  return `rekey-${r}`;
}
var hi = '2023-06-01',
  Pt = class {
    constructor(e) {
      this.http = e;
    }
    http;
    name = E.anthropic;
    mintsKeys = !1;
    twoPhaseRevoke = !0;
    async createKey(e) {
      throw new kt(
        this.name,
        `the Admin API cannot create keys; supply the next key for ${e.secretName} with rekey put`,
      );
    }
    async testKey(e, t) {
      const n = await this.models(e, t.apiKey);
      if (n.status === 401 || n.status === 403)
        throw new b(
          this.name,
          `key ${t.keyId} was refused by GET /v1/models (HTTP ${n.status}, ${Fe(n.body) ?? 'no type'})`,
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
        o = mi(e, 'workspaceId'),
        i = [],
        s;
      for (let a = 0; a < 100; a++) {
        const c = new URLSearchParams({ limit: '1000', status: 'active' });
        o && c.set('workspace_id', o), s && c.set('after_id', s);
        const l = (
          await this.admin(e, n, { op: 'list api keys', method: 'GET', path: `/v1/organizations/api_keys?${c}` })
        ).body;
        for (const d of l?.data ?? [])
          (d.status && d.status !== 'active') ||
            (o && d.workspace_id && d.workspace_id !== o) ||
            (d.partial_key_hint && qs(d.partial_key_hint, t) && i.push(d.id));
        if (((s = l?.last_id ?? void 0), !l?.has_more || !s)) break;
      }
      if (i.length === 1 && i[0]) return i[0];
      throw new y(
        this.name,
        i.length === 0
          ? `no active key of the organisation${o ? ` in workspace ${o}` : ''} matches the supplied key`
          : `${i.length} active keys (${i.join(', ')}) match the supplied key's hint; archive the stale one first`,
      );
    }
    async setStatus(e, t, n) {
      if (e.currentKeyId && t.keyId === e.currentKeyId)
        throw new y(this.name, `refusing to make key ${t.keyId} ${n}: it is AWSCURRENT`);
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
      return te(this.name, this.http, {
        op: 'GET /v1/models',
        method: 'GET',
        url: re(this.baseUrl(e), '/v1/models'),
        headers: { 'x-api-key': t, 'anthropic-version': hi },
        auth: 'key',
        pass: [401, 403],
      });
    }
    admin(e, t, n) {
      return te(this.name, this.http, {
        ...n,
        url: re(this.baseUrl(e), n.path),
        headers: { 'x-api-key': t, 'anthropic-version': hi },
        auth: 'admin',
      });
    }
    baseUrl(e) {
      return C(this.name, e, 'baseUrl', L.anthropic.baseUrl);
    }
  };
function qs(r, e) {
  const t = r.split(/\.\.\.|…/);
  if (t.length !== 2) return !1;
  const [n = '', o = ''] = t;
  return n.length < 8 || o.length < 2 ? !1 : e.length > n.length + o.length && e.startsWith(n) && e.endsWith(o);
}
var A = require('@aws-sdk/client-iam'),
  gi = require('@aws-sdk/client-sts');
var Qs = 2,
  We = 'rekey-pending-',
  It = 'minting:',
  ea = 6e4;
function Be(r) {
  return `${We}${r.replace(/[^\w.:/=+@-]/g, '')}`.slice(0, 128);
}
var yi = new Set([
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'UnrecognizedClientException',
    'AccessDenied',
    'AccessDeniedException',
    'ExpiredToken',
  ]),
  Tt = class {
    constructor(e) {
      this.deps = e;
    }
    deps;
    name = E.awsIam;
    mintsKeys = !0;
    twoPhaseRevoke = !0;
    async createKey(e) {
      let t = this.userName(e),
        n = Be(e.token),
        o = new Set([e.currentKeyId, e.previousKeyId].filter((p) => !!p)),
        i = await this.tags(t),
        s = await this.keys(t),
        a = new Set(i.filter((p) => p.Key !== n && p.Key?.startsWith(We)).map((p) => p.Value ?? ''));
      (await this.deleteUnstored(e, t, i, s)) && (s = await this.keys(t));
      for (const p of i) {
        if (!p.Key?.startsWith(We) || p.Key === n) continue;
        const f = p.Value ?? '';
        (o.has(f) || (!f.startsWith(It) && !s.some((m) => m.AccessKeyId === f))) && (await this.untag(t, p.Key));
      }
      if (s.length >= Qs) {
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
        throw new je(
          this.name,
          `user ${t} already has ${s.length} access keys: ${p.join(', ')}; rekey never deletes a key to make room: revoke the previous key or delete the stray one first`,
        );
      }
      await this.tag(t, n, `${It}${Math.floor(this.deps.now() / 1e3)}`);
      let c = new Set(s.map((p) => p.AccessKeyId)),
        u;
      try {
        u = (await this.deps.iam.send(new A.CreateAccessKeyCommand({ UserName: t }))).AccessKey;
      } catch (p) {
        throw (await this.deleteNewKeys(t, c, void 0), G(this.name, `CreateAccessKey for user ${t}`, p));
      }
      const l = u?.AccessKeyId,
        d = u?.SecretAccessKey;
      if (!l || !d) throw new y(this.name, 'CreateAccessKey returned no key');
      return (Z(d), await this.deleteNewKeys(t, c, l), await this.tag(t, n, l), { apiKey: d, keyId: l });
    }
    async discardUnstored(e) {
      const t = this.userName(e),
        n = await this.tags(t);
      n.some((o) => o.Key === Be(e.token)) &&
        (await this.deleteUnstored(e, t, n, await this.keys(t)), await this.untag(t, Be(e.token)));
    }
    async deleteUnstored(e, t, n, o) {
      const i = Be(e.token),
        s = n.find((l) => l.Key === i)?.Value;
      if (s === void 0) return !1;
      const a = new Set([e.currentKeyId, e.previousKeyId].filter((l) => !!l)),
        c = new Set(n.filter((l) => l.Key !== i && l.Key?.startsWith(We)).map((l) => l.Value ?? '')),
        u = o.filter((l) => {
          if (!l.AccessKeyId || a.has(l.AccessKeyId) || c.has(l.AccessKeyId)) return !1;
          if (s.startsWith(It)) {
            const d = Number(s.slice(It.length)) * 1e3 - ea;
            return (l.CreateDate?.getTime() ?? 0) >= d;
          }
          return l.AccessKeyId === s;
        });
      for (const l of u)
        w.warn('deleting an access key an earlier attempt minted but never stored', {
          secretName: e.secretName,
          userName: t,
          accessKeyId: l.AccessKeyId,
        }),
          await this.deleteAccessKey(t, l.AccessKeyId);
      return u.length > 0;
    }
    async keyStored(e) {
      await this.untag(this.userName(e), Be(e.token));
    }
    async testKey(e, t) {
      const n = this.userName(e),
        o = (await this.keys(n)).find((a) => a.AccessKeyId === t.keyId)?.Status;
      if (o === void 0) throw new b(this.name, `access key ${t.keyId} does not exist`);
      if (o !== 'Active') throw new b(this.name, `access key ${t.keyId} is ${o}`);
      const i = this.deps.now() + (this.deps.propagationTimeoutMs ?? 3e4),
        s = this.deps.stsFor({ accessKeyId: t.keyId, secretAccessKey: t.apiKey });
      for (let a = 1; ; a++)
        try {
          const u = (await s.send(new gi.GetCallerIdentityCommand({}))).Arn ?? '';
          if (!u.includes(':user/') || !u.endsWith(`/${n}`))
            throw new b(this.name, `access key ${t.keyId} signs as ${u}, not as user ${n}`);
          return;
        } catch (c) {
          if (c instanceof b) throw c;
          const u = c.name;
          if (!yi.has(u)) throw G(this.name, `GetCallerIdentity with ${t.keyId}`, c);
          const l = Math.min(4e3, (this.deps.propagationBaseDelayMs ?? 500) * 2 ** (a - 1)),
            d = Math.round(l / 2 + this.deps.random() * (l / 2));
          if (this.deps.now() + d > i)
            throw new b(
              this.name,
              `STS refused access key ${t.keyId} (${u}) for ${this.deps.propagationTimeoutMs ?? 3e4} ms`,
              { cause: c },
            );
          await this.deps.sleep(d);
        }
    }
    async revokeKey(e, t) {
      this.refuseCurrent(e, t, 'deactivate');
      try {
        await this.deps.iam.send(
          new A.UpdateAccessKeyCommand({ UserName: this.userName(e), AccessKeyId: t.keyId, Status: 'Inactive' }),
        );
      } catch (n) {
        const o = G(this.name, `UpdateAccessKey ${t.keyId} Inactive`, n);
        if (!(o instanceof D)) throw o;
      }
    }
    async deleteKey(e, t) {
      this.refuseCurrent(e, t, 'delete');
      const n = this.userName(e);
      await this.deleteAccessKey(n, t.keyId);
      for (const o of await this.tags(n)) o.Key?.startsWith(We) && o.Value === t.keyId && (await this.untag(n, o.Key));
    }
    async isRevoked(e, t) {
      return (await this.keys(this.userName(e))).find((o) => o.AccessKeyId === t.keyId)?.Status !== 'Active';
    }
    async lastUsed(e, t) {
      try {
        return (
          (await this.deps.iam.send(new A.GetAccessKeyLastUsedCommand({ AccessKeyId: t.keyId }))).AccessKeyLastUsed
            ?.LastUsedDate ?? void 0
        );
      } catch (n) {
        const o = G(this.name, `GetAccessKeyLastUsed ${t.keyId}`, n);
        if (o instanceof D) return;
        throw o;
      }
    }
    refuseCurrent(e, t, n) {
      if (e.currentKeyId && t.keyId === e.currentKeyId)
        throw new y(this.name, `refusing to ${n} access key ${t.keyId}: it is AWSCURRENT`);
    }
    userName(e) {
      return C(this.name, e, 'userName');
    }
    async deleteNewKeys(e, t, n) {
      let o;
      try {
        o = await this.keys(e);
      } catch (i) {
        w.warn('could not list keys after CreateAccessKey; a replay cleans up by the pending tag', {
          userName: e,
          error: i.message,
        });
        return;
      }
      for (const i of o)
        i.AccessKeyId &&
          !t.has(i.AccessKeyId) &&
          i.AccessKeyId !== n &&
          (w.warn('deleting an access key whose secret was never returned', {
            userName: e,
            accessKeyId: i.AccessKeyId,
          }),
          await this.deleteAccessKey(e, i.AccessKeyId));
    }
    async deleteAccessKey(e, t) {
      try {
        await this.deps.iam.send(new A.DeleteAccessKeyCommand({ UserName: e, AccessKeyId: t }));
      } catch (n) {
        const o = G(this.name, `DeleteAccessKey ${t}`, n);
        if (!(o instanceof D)) throw o;
      }
    }
    async keys(e) {
      let t = [],
        n;
      try {
        do {
          const o = await this.deps.iam.send(new A.ListAccessKeysCommand({ UserName: e, Marker: n }));
          t.push(...(o.AccessKeyMetadata ?? [])), (n = o.IsTruncated ? o.Marker : void 0);
        } while (n);
      } catch (o) {
        throw G(this.name, `ListAccessKeys for user ${e}`, o);
      }
      return t;
    }
    async tags(e) {
      let t = [],
        n;
      try {
        do {
          const o = await this.deps.iam.send(new A.ListUserTagsCommand({ UserName: e, Marker: n }));
          t.push(...(o.Tags ?? [])), (n = o.IsTruncated ? o.Marker : void 0);
        } while (n);
      } catch (o) {
        throw G(this.name, `ListUserTags for user ${e}`, o);
      }
      return t;
    }
    async tag(e, t, n) {
      try {
        await this.deps.iam.send(new A.TagUserCommand({ UserName: e, Tags: [{ Key: t, Value: n }] }));
      } catch (o) {
        throw G(this.name, `TagUser ${e}`, o);
      }
    }
    async untag(e, t) {
      try {
        await this.deps.iam.send(new A.UntagUserCommand({ UserName: e, TagKeys: [t] }));
      } catch (n) {
        const o = G(this.name, `UntagUser ${e}`, n);
        if (!(o instanceof D)) throw o;
      }
    }
  };
function G(r, e, t) {
  if (t instanceof y) return t;
  const n = t?.name ?? 'Error',
    o = t?.$metadata?.httpStatusCode,
    i = `${e} failed (${n})`,
    s = { cause: t, status: o };
  return n === 'NoSuchEntity' || n === 'NoSuchEntityException'
    ? new D(r, i, s)
    : n === 'LimitExceeded' || n === 'LimitExceededException'
      ? new je(r, i, s)
      : n === 'Throttling' || n === 'ThrottlingException' || n === 'TooManyRequestsException'
        ? new ee(r, i, void 0, s)
        : yi.has(n)
          ? new be(r, i, s)
          : n === 'ServiceFailure' || n === 'ServiceFailureException' || (o ?? 0) >= 500
            ? new W(r, i, s)
            : n === 'TimeoutError' || n === 'AbortError' || /ECONN|ETIMEDOUT|socket/i.test(String(t))
              ? new W(r, i, s)
              : new y(r, i, s);
}
var xe = require('@aws-sdk/client-secrets-manager');
var Vr = L.generated,
  Rt = class {
    constructor(e) {
      this.sm = e;
    }
    sm;
    name = E.generated;
    mintsKeys = !0;
    twoPhaseRevoke = !1;
    async createKey(e) {
      const t = typeof e.options.length == 'number' ? e.options.length : Vr.length,
        n = typeof e.options.prefix == 'string' ? e.options.prefix : Vr.prefix,
        o = await this.sm.send(
          new xe.GetRandomPasswordCommand({ PasswordLength: t, ExcludePunctuation: !0, IncludeSpace: !1 }),
        );
      if (!o.RandomPassword) throw new y(this.name, 'GetRandomPassword returned no password');
      return { apiKey: `${n}${o.RandomPassword}`, keyId: e.token };
    }
    async testKey(e, t) {
      const n = typeof e.options.prefix == 'string' ? e.options.prefix : Vr.prefix;
      if (!t.apiKey.startsWith(n) || !/^[A-Za-z0-9]+$/.test(t.apiKey.slice(n.length)))
        throw new b(this.name, `token ${t.keyId} is not a well-formed generated token`);
      if (await this.isRevoked(e, t)) throw new b(this.name, `token ${t.keyId} is retired`);
    }
    async revokeKey(e, t) {
      const n = t.versionId ?? t.keyId,
        o = await this.stagesOf(e.secretName, n);
      if (o.includes('AWSCURRENT')) throw new y(this.name, `refusing to retire version ${n}: it is AWSCURRENT`);
      for (const i of o)
        await this.sm.send(
          new xe.UpdateSecretVersionStageCommand({ SecretId: e.secretName, VersionStage: i, RemoveFromVersionId: n }),
        );
    }
    async isRevoked(e, t) {
      return (await this.stagesOf(e.secretName, t.versionId ?? t.keyId)).length === 0;
    }
    async stagesOf(e, t) {
      return (await this.sm.send(new xe.DescribeSecretCommand({ SecretId: e }))).VersionIdsToStages?.[t] ?? [];
    }
  };
var jr = L.http,
  Ct = class {
    constructor(e) {
      this.http = e;
    }
    http;
    name = E.http;
    mintsKeys = !0;
    twoPhaseRevoke = !1;
    async createKey(e) {
      const t = await this.call(e, {
          op: 'create key',
          method: 'POST',
          path: C(this.name, e, 'createPath', jr.createPath),
          bearer: await e.adminCredential(),
          auth: 'admin',
          body: { idempotencyKey: e.token, name: `rekey-${e.secretName}` },
        }),
        n = t.body;
      if (typeof n?.id != 'string' || typeof n.key != 'string' || !n.id || !n.key)
        throw new y(this.name, `create key answered HTTP ${t.status} without { id, key }`);
      return (Z(n.key), { apiKey: n.key, keyId: n.id });
    }
    async discardUnstored(e) {
      const { keyId: t } = await this.createKey(e);
      await this.revokeKey(e, { keyId: t, versionId: e.token });
    }
    async testKey(e, t) {
      const n = await this.probe(e, t.apiKey);
      if (n.status === 401 || n.status === 403)
        throw new b(this.name, `key ${t.keyId} was refused (HTTP ${n.status})`, { status: n.status });
    }
    async revokeKey(e, t) {
      if (e.currentKeyId && t.keyId === e.currentKeyId)
        throw new y(this.name, `refusing to revoke key ${t.keyId}: it is AWSCURRENT`);
      const n = C(this.name, e, 'revokePath', jr.revokePath).replaceAll('{keyId}', encodeURIComponent(t.keyId));
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
      if (!t.apiKey) throw new y(this.name, `cannot tell whether key ${t.keyId} is revoked without it`);
      return (await this.probe(e, t.apiKey)).status === 401;
    }
    probe(e, t) {
      return this.call(e, {
        op: 'test key',
        method: 'GET',
        path: C(this.name, e, 'testPath', jr.testPath),
        bearer: t,
        auth: 'key',
        pass: [401, 403],
      });
    }
    call(e, t) {
      return te(this.name, this.http, {
        op: t.op,
        method: t.method,
        url: re(C(this.name, e, 'baseUrl'), t.path),
        headers: { authorization: `Bearer ${t.bearer}` },
        body: t.body,
        auth: t.auth,
        pass: t.pass,
      });
    }
  };
var zt = class {
  constructor(e) {
    this.http = e;
  }
  http;
  name = E.openai;
  mintsKeys = !0;
  twoPhaseRevoke = !1;
  async createKey(e) {
    const t = Ur(e.token),
      n = await e.adminCredential();
    for (const c of await this.findServiceAccounts(e, n, t))
      w.warn('deleting a service account minted by an earlier attempt whose key was never stored', {
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
        new y(this.name, `create service account ${t} answered without an api_key`)
      );
    return (Z(s), { apiKey: s, keyId: a });
  }
  async discardUnstored(e) {
    const t = await e.adminCredential();
    for (const n of await this.findServiceAccounts(e, t, Ur(e.token))) await this.deleteServiceAccount(e, t, n.id);
  }
  async testKey(e, t) {
    const n = await this.models(e, t.apiKey);
    if (n.status === 401 || n.status === 403)
      throw new b(
        this.name,
        `key ${t.keyId} was refused by GET /v1/models (HTTP ${n.status}, ${Fe(n.body) ?? 'no code'})`,
        { status: n.status },
      );
  }
  async revokeKey(e, t) {
    if (e.currentKeyId && t.keyId === e.currentKeyId)
      throw new y(this.name, `refusing to revoke key ${t.keyId}: it is AWSCURRENT`);
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
      return o.status === 401 && Fe(o.body) === 'invalid_api_key';
    }
    return !1;
  }
  async lastUsed(e, t) {
    const n = await e.adminCredential(),
      o = await this.getApiKey(e, n, t.keyId);
    return typeof o?.last_used_at == 'number' ? new Date(o.last_used_at * 1e3) : void 0;
  }
  models(e, t) {
    return te(this.name, this.http, {
      op: 'GET /v1/models',
      method: 'GET',
      url: re(this.baseUrl(e), '/v1/models'),
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
        u = (await this.admin(e, t, { op: 'list service accounts', method: 'GET', path: `/service_accounts${a}` }))
          .body,
        l = u?.data ?? [];
      if ((o.push(...l.filter((d) => d.name === n)), (i = u?.last_id ?? l.at(-1)?.id), !u?.has_more || !i)) break;
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
      w.warn('could not clean up after a failed create; the replay will', {
        secretName: e.secretName,
        error: o.message,
      });
    }
  }
  admin(e, t, n) {
    const o = encodeURIComponent(C(this.name, e, 'projectId'));
    return te(this.name, this.http, {
      op: n.op,
      method: n.method,
      url: re(this.baseUrl(e), `/v1/organization/projects/${o}${n.path}`),
      headers: { authorization: `Bearer ${t}` },
      body: n.body,
      auth: 'admin',
      pass: n.pass,
      retryAmbiguous: n.retryAmbiguous,
    });
  }
  baseUrl(e) {
    return C(this.name, e, 'baseUrl', L.openai.baseUrl);
  }
};
function wi(r) {
  const e = new Map();
  return (t) => {
    let n = e.get(t);
    return (n || ((n = ta(t, r)), e.set(t, n)), n);
  };
}
function Fr(r) {
  return {
    fetch: r.fetch ?? ((e, t) => globalThis.fetch(e, t)),
    sleep: r.sleep ?? Kr,
    random: r.random ?? Math.random,
    policy: { ...fi, ...r.httpPolicy },
  };
}
function ta(r, e) {
  switch (r) {
    case 'generated':
      return new Rt(e.secretsManager);
    case 'aws-iam':
      return new Tt({
        iam: e.iam ?? new vi.IAMClient(st()),
        stsFor: e.stsFor ?? ((t) => new _i.STSClient({ credentials: t })),
        sleep: e.sleep ?? Kr,
        random: e.random ?? Math.random,
        now: e.now ?? Date.now,
        propagationTimeoutMs: e.iamPropagationTimeoutMs,
      });
    case 'openai':
      return new zt(Fr(e));
    case 'anthropic':
      return new Pt(Fr(e));
    case 'http':
      return new Ct(Fr(e));
    default:
      throw new y(r, 'provider is not available in this build');
  }
}
var Ge = class extends $ {
    constructor(e) {
      super(e), (this.name = 'RevocationNotConfirmedError');
    }
  },
  Ee = class extends $ {
    constructor(e) {
      super(e), (this.name = 'UnsafeRevocationError');
    }
  },
  Br = class extends $ {
    constructor(e, t) {
      super(e, t), (this.name = 'AwsThrottledError');
    }
  },
  Wr = class extends $ {
    constructor(e, t) {
      super(e, t), (this.name = 'AwsUnavailableError');
    }
  };
var ra = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
function bi(r) {
  const e = r ?? {},
    t = typeof e.name == 'string' && e.name ? e.name : 'Error',
    n = Oe(typeof e.message == 'string' ? e.message : String(r));
  if (e.$retryable?.throttling || ra.has(t)) return new Br(`${t}: ${n}`);
  const o = e.$metadata?.httpStatusCode;
  if (e.$fault === 'server' || (typeof o == 'number' && o >= 500)) return new Wr(`${t}: ${n}`);
  const i = new Error(n);
  return ((i.name = t), i);
}
var H = require('@aws-sdk/client-secrets-manager');
var na = ii({
  apiKey: R().check(ce(1)),
  keyId: R(),
  provider: At(Qt),
  createdAt: R(),
  options: St(ai(R(), Zr()), {}),
  adminSecretId: _e(R()),
});
function Gr(r, e) {
  if (r === void 0) throw new fe(`${e} has no SecretString`);
  let t;
  try {
    t = JSON.parse(r);
  } catch {
    throw new fe(`${e} is not JSON`);
  }
  const n = na.safeParse(t);
  if (!n.success) {
    const o = n.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new fe(`${e} does not have rekey's shape (bad fields: ${o})`);
  }
  return n.data;
}
async function Nt(r, e) {
  return r.send(new H.DescribeSecretCommand({ SecretId: e }));
}
function Mt(r, e) {
  return Object.entries(r ?? {}).find(([, t]) => t.includes(e))?.[0];
}
async function oa(r, e, t) {
  const n = await r.send(new H.GetSecretValueCommand({ SecretId: e, VersionStage: t.stage, VersionId: t.versionId })),
    o = Gr(n.SecretString, `secret ${e} version ${n.VersionId ?? t.stage}`);
  return (Z(o.apiKey), o);
}
async function Ot(r, e, t) {
  try {
    return await oa(r, e, t);
  } catch (n) {
    if (n instanceof H.ResourceNotFoundException || n.name === 'ResourceNotFoundException') return;
    throw n;
  }
}
async function xi(r, e) {
  let n = (await r.send(new H.GetSecretValueCommand({ SecretId: e, VersionStage: 'AWSCURRENT' }))).SecretString ?? '',
    o = n;
  if (n.trim().startsWith('{')) {
    const i = JSON.parse(n);
    o = String(i.apiKey ?? i.token ?? '');
  }
  return (Z(o), o);
}
async function Zt(r, e, t) {
  let n;
  try {
    n = await r.send(new H.GetSecretValueCommand({ SecretId: e, VersionId: t }));
  } catch (i) {
    if (i instanceof H.ResourceNotFoundException || i.name === 'ResourceNotFoundException') return;
    throw i;
  }
  if (n.SecretString === void 0) return;
  const o = Gr(n.SecretString, `secret ${e} version ${t}`);
  return (Z(o.apiKey), o);
}
var He = (r) => r.now?.() ?? new Date();
function Dt(r, e, t, n, o) {
  return {
    secretName: r.secretName,
    token: e,
    options: t?.options ?? {},
    adminCredential: async () => {
      if (!t?.adminSecretId) throw new $(`secret ${r.secretName} names no adminSecretId`);
      return xi(n.sm, t.adminSecretId);
    },
    ...(o ? { currentKeyId: o } : {}),
  };
}
async function Lt(r, e) {
  const n = (await Nt(e.sm, r.secretName)).VersionIdsToStages ?? {};
  if (n[r.oldVersionId]?.includes('AWSCURRENT'))
    throw new Ee(`version ${r.oldVersionId} of ${r.secretName} is AWSCURRENT; not revoking it`);
  const o = Mt(n, 'AWSCURRENT'),
    [i, s, a] = await Promise.all([
      o ? Ot(e.sm, r.secretName, { stage: 'AWSCURRENT', versionId: o }) : Promise.resolve(void 0),
      Zt(e.sm, r.secretName, r.oldVersionId),
      e.inventory.getVersion(r.secretName, r.oldVersionId),
    ]),
    c = s?.provider ?? a?.provider ?? i?.provider;
  if (!c) throw new $(`no provider is known for version ${r.oldVersionId} of ${r.secretName}`);
  const u = s?.keyId || a?.keyId || (c === 'generated' ? r.oldVersionId : '');
  if (i && ((u && i.keyId === u) || (s && i.apiKey === s.apiKey)))
    throw new Ee(`version ${r.oldVersionId} of ${r.secretName} holds the same key as AWSCURRENT; not revoking it`);
  return {
    provider: e.providerFor(c),
    ctx: Dt(r, r.oldVersionId, s ?? i, e, i?.keyId || void 0),
    ref: { keyId: u, versionId: r.oldVersionId, ...(s ? { apiKey: s.apiKey } : {}) },
    item: a,
    placeholder: u === '',
  };
}
var ia = 20;
function Ei(r) {
  const e = r.round + 1 >= r.maxRounds;
  return r.newKey === 'rejected' || r.newKey === 'old-is-current'
    ? 'new-key-not-verified'
    : r.newKey === 'not-current'
      ? e
        ? 'new-key-not-verified'
        : 'wait'
      : r.mode === 'abuse' || r.fleetMoved
        ? 'revoke'
        : e
          ? r.mode === 'emergency'
            ? 'revoke'
            : 'fleet-not-moved'
          : 'wait';
}
function sa(r, e) {
  return e === 'quiet' ? !0 : e === 'in-use' ? !1 : r !== 'missing';
}
function aa(r, e) {
  const t = new Set(e?.ackAgents ?? []),
    n = [...(r?.ackAgents ?? [])].filter((i) => !t.has(i)).sort();
  return {
    acks: (r?.ackAgents?.size ?? 0) === 0 ? 'none' : n.length === 0 ? 'all-moved' : 'missing',
    agentsOnNew: t.size,
    agentsNotMoved: n,
  };
}
function ca(r, e, t, n) {
  return !r || t.getTime() - r.getTime() >= n * 1e3
    ? 'quiet'
    : r.getTime() > e.getTime()
      ? 'in-use'
      : 'idle-since-switch';
}
async function Hr(r, e) {
  const { input: t } = r,
    n = He(e),
    [o, i, s] = await Promise.all([
      Nt(e.sm, t.secretName),
      e.inventory.getVersion(t.secretName, t.oldVersionId),
      e.inventory.getVersion(t.secretName, t.newVersionId),
    ]),
    a = (g, x, S = null) => {
      const k =
        i?.status === 'revoked'
          ? 'already-revoked'
          : Ei({ mode: t.mode, newKey: g, fleetMoved: S?.moved ?? !1, round: r.round, maxRounds: r.maxRounds });
      return (
        w.info('verification', { decision: k, newKey: g, reason: x, round: r.round }),
        { decision: k, newKey: g, fleet: S, reason: k === 'already-revoked' ? 'the old version is already revoked' : x }
      );
    };
  if (i?.status === 'revoked') return a('ok', '');
  const c = o.VersionIdsToStages ?? {};
  if (c[t.oldVersionId]?.includes('AWSCURRENT'))
    return a('old-is-current', `old version ${t.oldVersionId} is AWSCURRENT again; not revoking it`);
  const u = Mt(c, 'AWSCURRENT');
  if (!u) return a('not-current', `no version of ${t.secretName} is AWSCURRENT`);
  u !== t.newVersionId &&
    w.info('the new version was superseded; verifying the current one instead', {
      newVersionId: t.newVersionId,
      currentVersionId: u,
    });
  const l = u === t.newVersionId ? s : await e.inventory.getVersion(t.secretName, u),
    d = await Ot(e.sm, t.secretName, { stage: 'AWSCURRENT', versionId: u });
  if (!d) return a('not-current', `current version ${u} has no value`);
  const p = e.providerFor(d.provider);
  try {
    await p.testKey(Dt(t, u, d, e, d.keyId), { apiKey: d.apiKey, keyId: d.keyId, versionId: u });
  } catch (g) {
    if (!(g instanceof b)) throw g;
    return (
      w.error('the provider rejects the new key; not revoking the old one', { error: g }),
      a('rejected', `${p.name} rejects the new key ${d.keyId}`)
    );
  }
  if (t.mode === 'abuse') return a('ok', 'abuse: revoking without waiting for the fleet');
  const f = await ua(r, e, p, i, l, d, n);
  e.metrics?.addMetric(ne.fleetAcknowledgements, z.Count, f.agentsOnNew),
    e.metrics?.addMetric(ne.agentsNotMoved, z.Count, f.agentsNotMovedCount);
  const m = f.moved
    ? `fleet moved (acks: ${f.acks}, old key usage: ${f.usage})`
    : f.usage === 'in-use'
      ? `the old key was used at ${f.lastUsedAt}, after the switch`
      : `${f.agentsNotMovedCount} agent(s) acknowledged the old version but not the new one: ${f.agentsNotMoved.join(', ')}`;
  return a('ok', m, f);
}
async function ua(r, e, t, n, o, i, s) {
  let { acks: a, agentsOnNew: c, agentsNotMoved: u } = aa(n, o),
    l = 'unknown',
    d = null;
  if (t.lastUsed) {
    const p = await Zt(e.sm, r.input.secretName, r.input.oldVersionId),
      f = p?.keyId || n?.keyId;
    if (f) {
      const m = Dt(r.input, r.input.oldVersionId, p ?? i, e, i.keyId),
        g = await t.lastUsed(m, { keyId: f, versionId: r.input.oldVersionId });
      d = g?.toISOString() ?? null;
      const x = r.startedAt ? new Date(r.startedAt) : s;
      l = ca(g, x, s, r.quietPeriodSeconds);
    }
  }
  return {
    acks: a,
    agentsOnNew: c,
    agentsNotMovedCount: u.length,
    agentsNotMoved: u.slice(0, ia),
    usage: l,
    lastUsedAt: d,
    moved: sa(a, l),
  };
}
async function Ai(r, e) {
  const t = await Lt(r, e),
    n = t.provider.twoPhaseRevoke && !t.placeholder;
  return (
    t.placeholder
      ? w.warn('old version holds a placeholder the provider never issued; nothing to revoke there', {
          secretName: r.secretName,
          oldVersionId: r.oldVersionId,
        })
      : await t.provider.revokeKey(t.ctx, t.ref),
    await e.inventory.transition(
      r.secretName,
      r.oldVersionId,
      n ? 'deactivated' : 'revoked',
      `${r.mode}: ${r.reason}`.slice(0, 300),
    ),
    w.info(n ? 'old key deactivated at the provider' : 'old key revoked at the provider', {
      secretName: r.secretName,
      oldVersionId: r.oldVersionId,
      keyId: t.ref.keyId,
    }),
    { twoPhase: n, revokedAt: He(e).toISOString() }
  );
}
async function Si(r, e) {
  const t = await Lt(r, e);
  if (!t.placeholder && !(await t.provider.isRevoked(t.ctx, t.ref)))
    throw new Ge(`${t.provider.name} still accepts the old key ${t.ref.keyId} of ${r.secretName}`);
  return { confirmed: !0 };
}
async function $i(r, e) {
  const t = await Lt(r, e);
  return t.placeholder || !t.provider.deleteKey
    ? { deleted: !1 }
    : (await t.provider.deleteKey(t.ctx, t.ref),
      w.info('old key deleted at the provider', { secretName: r.secretName, keyId: t.ref.keyId }),
      { deleted: !0 });
}
async function ki(r, e) {
  const { input: t } = r,
    n = He(e),
    o = await e.inventory.getVersion(t.secretName, t.oldVersionId);
  await e.inventory.transition(t.secretName, t.oldVersionId, 'revoked', `${t.mode} revocation complete`);
  const i = r.revokedAt ? new Date(r.revokedAt) : n,
    s = o?.exposedAt ?? r.startedAt,
    a = s ? Math.max(0, Math.round((i.getTime() - new Date(s).getTime()) / 1e3)) : null;
  return (
    a !== null &&
      (e.metrics?.addMetadata('secretName', t.secretName),
      e.metrics?.addMetadata('mode', t.mode),
      e.metrics?.addMetric(ne.timeToRevokeSeconds, z.Seconds, a),
      e.metrics?.addMetric(ne.keysRevoked, z.Count, 1)),
    {
      notification: {
        event: 'revoked',
        secretName: t.secretName,
        versionId: t.oldVersionId,
        mode: t.mode,
        at: n.toISOString(),
      },
      timeToRevokeSeconds: a,
    }
  );
}
var Yr = $t.datetime({ offset: !0 }),
  Ii = si('action', [
    Q({
      action: ve('verify'),
      input: we,
      round: xt().check(Et(), ye(0)),
      maxRounds: xt().check(Et(), ye(1), bt(50)),
      quietPeriodSeconds: xt().check(Et(), ye(0)),
      startedAt: _e(Yr),
    }),
    Q({ action: ve('revoke'), input: we }),
    Q({ action: ve('confirm'), input: we }),
    Q({ action: ve('delete'), input: we }),
    Q({ action: ve('record'), input: we, revokedAt: _e(Yr), startedAt: _e(Yr) }),
  ]),
  Pi;
function Ti() {
  const r = Sn();
  return (
    (Pi ??= new $e({ namespace: it, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? qt })),
    {
      sm: r.sm,
      inventory: new lt(r.doc, $n(ot.inventoryTable)),
      providerFor: wi({ secretsManager: r.sm }),
      metrics: Pi,
    }
  );
}
async function la(r, e) {
  switch (r.action) {
    case 'verify':
      return Hr(r, e);
    case 'revoke':
      return Ai(r.input, e);
    case 'confirm':
      return Si(r.input, e);
    case 'delete':
      return $i(r.input, e);
    case 'record':
      return ki(r, e);
  }
}
async function da(r, e) {
  e && w.addContext(e);
  const t = Ii.safeParse(r);
  if (!t.success)
    throw new at(
      'revocation task event is not valid',
      t.error.issues.map((s) => `${s.path.join('.')}: ${s.message}`),
    );
  const { action: n, input: o } = t.data;
  w.appendKeys({ action: n, secretName: o.secretName, oldVersionId: o.oldVersionId, mode: o.mode });
  const i = Ti();
  try {
    const s = await la(t.data, i);
    return (i.metrics.hasStoredMetrics() ? i.metrics.publishStoredMetrics() : i.metrics.clearMetadata(), s);
  } catch (s) {
    throw (i.metrics.clearMetrics(), i.metrics.clearMetadata(), w.error('revocation task failed', { error: s }), bi(s));
  } finally {
    w.resetKeys(), Gn();
  }
}
0 && (module.exports = { METRICS_NAMESPACE, TaskEventSchema, fromEnvironment, handler });
/*! Bundled license information:

@aws-lambda-powertools/logger/lib/esm/logBuffer.js:
@aws-lambda-powertools/logger/lib/esm/Logger.js:
  (* v8 ignore next -- @preserve *)
*/
//# sourceMappingURL=index.js.map
