'use strict';
/*
 * Runs inside every function worker process. Plain CommonJS on purpose: no TypeScript loader in the
 * worker keeps cold starts short and the warm path down to one IPC round trip.
 *
 * Protocol (parent ⇄ worker, JSON over the IPC channel):
 *   worker → { t: 'ready' }                                   once booted
 *   parent → { t: 'invoke', id, event, env }                  env = this invocation's identity variables
 *   worker → { t: 'log', id, level, message, at }             console output, tagged with the invocation
 *   worker → { t: 'result', id, ok, json | message, loadFailed?, requests? }
 *                                                             requests = admin requests this invocation completed
 *   worker → { t: 'request', id, request }                    an admin request that completed after the result
 *   worker → { t: 'fatal', id, message }                      uncaught exception, the process then exits
 *
 * argv: <bundle file> <export name>
 */
const http = require('node:http');
const https = require('node:https');
const { performance } = require('node:perf_hooks');
const util = require('node:util');

const bundleFile = process.argv[2];
const exportName = process.argv[3];

// Invocation identity lives in process.env (that is how CloudBase hands it to the SDKs), so the values
// the worker booted with are kept to restore anything an invocation overrode.
const bootEnv = Object.assign({}, process.env);
let identityKeys = [];

let handler = null;
let current = null; // { id, requests }
let lastId = null;
let groupIndent = '';

function send(message) {
  if (!process.connected) return;
  try {
    process.send(message);
  } catch (_) {
    // Channel closed under us: the parent is going away, nothing useful to do.
  }
}

function sendLog(level, text) {
  send({ t: 'log', id: current ? current.id : lastId, level, message: text, at: Date.now() });
}

function emitLog(level, args) {
  const text = util.format.apply(null, args);
  sendLog(level, groupIndent ? text.replace(/^/gm, groupIndent) : text);
}

/**
 * Direct process.stdout/stderr writes also go over IPC: on the pipes they could arrive after the result
 * and be attributed to the next invocation. Only native writes to fd 1/2 (V8 fatal errors) still use the pipes.
 */
const partialLines = { stdout: '', stderr: '' };
function patchStream(stream, level) {
  stream.write = function (chunk, encoding, callback) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    const lines = (partialLines[level] + text).split('\n');
    partialLines[level] = lines.pop();
    for (const line of lines) sendLog(level, line);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
}

function flushPartialLines() {
  for (const level of ['stdout', 'stderr']) {
    if (partialLines[level]) sendLog(level, partialLines[level]);
    partialLines[level] = '';
  }
}

function patchConsole() {
  const levels = { log: 'log', info: 'info', debug: 'debug', warn: 'warn', error: 'error' };
  for (const method of Object.keys(levels)) {
    console[method] = function () {
      emitLog(levels[method], arguments);
    };
  }
  console.trace = function () {
    const err = new Error(util.format.apply(null, arguments));
    err.name = 'Trace';
    emitLog('error', [err.stack]);
  };
  console.dir = function (value, options) {
    emitLog('log', [util.inspect(value, options)]);
  };
  console.group = function () {
    if (arguments.length) emitLog('log', arguments);
    groupIndent += '  ';
  };
  console.groupCollapsed = console.group;
  console.groupEnd = function () {
    groupIndent = groupIndent.slice(2);
  };
  // @cloudbase/node-sdk's logger() reports through this hook when _SCF_TCB_LOG=1 (advanced logging on
  // CloudBase); providing it keeps cloud.logger() working without its "cannot report to CLS" warning.
  console.__baseLog__ = function (record, level) {
    emitLog(level || 'log', [JSON.stringify(record)]);
  };
}

/** Applies only the difference from the previous invocation: process.env writes are the warm path's main cost. */
function setIdentity(env) {
  for (const key of identityKeys) {
    if (Object.prototype.hasOwnProperty.call(env, key)) continue;
    if (Object.prototype.hasOwnProperty.call(bootEnv, key)) process.env[key] = bootEnv[key];
    else delete process.env[key];
  }
  identityKeys = Object.keys(env);
  for (const key of identityKeys) {
    if (process.env[key] !== env[key]) process.env[key] = env[key];
  }
}

// ---------------------------------------------------------------- outgoing requests to the admin endpoint

/**
 * Every HTTP(S) request the function sends to the emulator's admin endpoint (where the SDKs send all
 * database and API calls), timed here in the caller: issued → response fully received (or failed). The
 * admin endpoint also times the calls it serves, but on a busy machine the worker's CPU time between
 * requests sent together can keep those server-side intervals from overlapping; here, requests sent in
 * parallel overlap because they are all issued before any answer is handled. Same clock as the
 * emulator's records (performance.timeOrigin + performance.now(), epoch ms).
 */
const adminTarget = (() => {
  try {
    const url = new URL(JSON.parse(process.env.TCB_CONTEXT_CNFG || '{}').URL);
    return { host: url.host.toLowerCase(), path: url.pathname.replace(/\/+$/, '') };
  } catch (_) {
    return null;
  }
})();

const ACTION_SCAN_CHARS = 16 * 1024;
const ACTION_IN_JSON = /"action"\s*:\s*"([^"\\]{1,100})"/;
const ACTION_IN_MULTIPART = /name="action"\r\n(?:[^\r\n]*\r\n)*\r\n([^\r\n]{1,100})/;

function preciseNow() {
  return performance.timeOrigin + performance.now();
}

function isAdminRequest(req) {
  if (!adminTarget) return false;
  let host;
  try {
    host = String(req.getHeader('host') || req.host || '').toLowerCase();
  } catch (_) {
    return false;
  }
  if (host !== adminTarget.host) return false;
  const path = typeof req.path === 'string' ? req.path : '';
  return !adminTarget.path || path === adminTarget.path || path.startsWith(`${adminTarget.path}/`) || path.startsWith(`${adminTarget.path}?`);
}

/** The API action named in the body (JSON or multipart), looked for in the first chunks only. */
function watchAction(req, record) {
  let scanned = '';
  const look = (chunk, encoding) => {
    if (record.action !== undefined || scanned.length >= ACTION_SCAN_CHARS || chunk == null || typeof chunk === 'function') return;
    const text =
      typeof chunk === 'string'
        ? chunk.slice(0, ACTION_SCAN_CHARS)
        : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array
          ? Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, ACTION_SCAN_CHARS)).toString('latin1')
          : '';
    scanned = (scanned + text).slice(0, ACTION_SCAN_CHARS);
    const match = ACTION_IN_JSON.exec(scanned) || ACTION_IN_MULTIPART.exec(scanned);
    if (match) record.action = match[1];
  };
  const write = req.write;
  const end = req.end;
  req.write = function (chunk, encoding, callback) {
    look(chunk, encoding);
    return write.apply(this, arguments);
  };
  req.end = function (chunk, encoding, callback) {
    look(chunk, encoding);
    return end.apply(this, arguments);
  };
}

/** A request finished: with its invocation's result if that is still to come, otherwise on its own. */
function completeRequest(invocationId, record) {
  if (current && current.id === invocationId) current.requests.push(record);
  else if (invocationId) send({ t: 'request', id: invocationId, request: record });
}

function trackRequest(req, startedAt) {
  if (!isAdminRequest(req)) return;
  const invocationId = current ? current.id : lastId;
  const record = { startedAt, endedAt: 0, path: req.path };
  if (req.method && req.method !== 'POST') record.method = req.method;
  watchAction(req, record);
  let done = false;
  const finish = (status, error) => {
    if (done) return;
    done = true;
    record.endedAt = preciseNow();
    if (status !== undefined) record.status = status;
    if (error) record.error = error;
    completeRequest(invocationId, record);
  };
  // Only 'close' on the request and 'end'/'close' on the response: an 'error' listener here would
  // swallow errors the SDK does not handle.
  req.once('response', (res) => {
    res.once('end', () => finish(res.statusCode));
    res.once('close', () => finish(res.statusCode, res.complete ? undefined : 'response aborted'));
  });
  req.once('close', () => finish(undefined, 'no response'));
}

function wrapRequest(original) {
  return function request() {
    const startedAt = preciseNow();
    const req = original.apply(this, arguments);
    try {
      trackRequest(req, startedAt);
    } catch (_) {
      // Bookkeeping must never break the function's request.
    }
    return req;
  };
}

/** http.get calls the module's internal request(), not the exported one: wrap it the same way Node defines it. */
function patchHttpModule(mod) {
  mod.request = wrapRequest(mod.request);
  mod.get = function get() {
    const req = mod.request.apply(this, arguments);
    req.end();
    return req;
  };
}

function loadHandler() {
  const mod = require(bundleFile);
  const fn = mod && mod[exportName];
  if (typeof fn !== 'function') {
    throw new Error(`Handler "${exportName}" is not a function exported by ${bundleFile}`);
  }
  return fn;
}

/** Stack frames of this runner are noise to the function author (CloudBase hides its runtime too). */
function withoutRunnerFrames(stack) {
  return stack
    .split('\n')
    .filter((line) => !line.includes(__filename))
    .join('\n');
}

/** CloudBase prints "<Name>: <message>\n    at …": the stack, falling back to the message for non-Errors. */
function describeError(err) {
  if (err instanceof Error || (err && typeof err === 'object' && typeof err.stack === 'string')) {
    const head = `${err.name || 'Error'}: ${err.message}`;
    if (typeof err.stack === 'string' && err.stack.length) {
      const stack = withoutRunnerFrames(err.stack);
      return stack.includes(err.message) ? stack : `${head}\n${stack}`;
    }
    return head;
  }
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch (_) {
    return util.inspect(err);
  }
}

function environString(env) {
  // The legacy `environ` form is "K=V;K=V"; values holding ';' cannot be represented and are skipped,
  // as on CloudBase.
  return Object.keys(env)
    .filter((key) => !String(env[key]).includes(';'))
    .map((key) => `${key}=${env[key]}`)
    .join(';');
}

const contextBaseKeys = [
  'SCF_NAMESPACE',
  'TCB_ENV',
  'TENCENTCLOUD_RUNENV',
  'TENCENTCLOUD_SECRETID',
  'TENCENTCLOUD_SECRETKEY',
  'TENCENTCLOUD_SESSIONTOKEN',
];

function makeContext(id, env, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let environment;
  const environmentOf = () => {
    if (!environment) {
      environment = {};
      for (const key of contextBaseKeys) {
        if (process.env[key] !== undefined) environment[key] = process.env[key];
      }
      Object.assign(environment, env);
    }
    return environment;
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    memory_limit_in_mb: Number(process.env.SCF_MEMORY_SIZE),
    time_limit_in_ms: timeoutMs,
    request_id: id,
    // Built on first read: most handlers never look, and the warm path should not pay for it.
    get environ() {
      return environString(environmentOf());
    },
    get environment() {
      return JSON.stringify(environmentOf());
    },
    function_version: process.env.SCF_FUNCTIONVERSION,
    function_name: process.env.SCF_FUNCTIONNAME,
    namespace: process.env.SCF_NAMESPACE,
    tencentcloud_region: process.env.TENCENTCLOUD_REGION,
    tencentcloud_appid: process.env.TENCENTCLOUD_APPID,
    tencentcloud_uin: process.env.TENCENTCLOUD_UIN,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

async function invoke(message) {
  const id = message.id;
  setIdentity(message.env || {});
  current = { id, requests: [] };
  let reply;
  let loadFailed = false;
  try {
    if (!handler) {
      loadFailed = true;
      handler = loadHandler();
      loadFailed = false;
    }
    const context = makeContext(id, message.env || {}, Number(process.env.SCF_TIMEOUT) * 1000);
    const value = await handler(message.event, context);
    let json;
    try {
      json = JSON.stringify(value === undefined ? null : value);
    } catch (err) {
      throw new Error(`Function result is not JSON-serialisable: ${err && err.message}`);
    }
    reply = { t: 'result', id, ok: true, json: json === undefined ? 'null' : json };
  } catch (err) {
    reply = { t: 'result', id, ok: false, message: describeError(err), loadFailed };
  }
  flushPartialLines();
  if (current.requests.length) reply.requests = current.requests;
  lastId = id;
  current = null;
  send(reply);
}

process.on('message', (message) => {
  if (message && message.t === 'invoke') invoke(message);
});

// A throw from a stray timer or an unhandled rejection takes the process down, as on SCF; tell the
// parent why before going.
function fatal(err) {
  const message = describeError(err);
  const id = current ? current.id : lastId;
  const exit = () => process.exit(1);
  if (process.connected) {
    try {
      process.send({ t: 'fatal', id, message }, exit);
    } catch (_) {
      exit();
    }
    setTimeout(exit, 200).unref();
  } else {
    exit();
  }
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

// Without a parent there is nobody to serve.
process.on('disconnect', () => process.exit(0));

patchHttpModule(http);
patchHttpModule(https);
patchConsole();
patchStream(process.stdout, 'stdout');
patchStream(process.stderr, 'stderr');
send({ t: 'ready' });
