'use strict';
// Preloaded into newman (node --require) by generator/conformance/newman.py.
// Every TCP connection and DNS lookup for anything other than the loopback
// address fails with an error, so a request whose URL escaped the rewrite to
// the capture server is reported as not sent instead of reaching a real host.

const dns = require('dns');
const net = require('net');

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function blockedError (what) {
    const error = new Error('loopback guard: blocked ' + what);

    error.code = 'ELOOPBACKGUARD';

    return error;
}

// net.Socket#connect is called as (options[, listener]), (port[, host][, listener]),
// (path[, listener]), or, from net.connect, with the already normalised
// [options, listener] array as the first argument.
function targetOf (args) {
    let first = args[0];

    if (Array.isArray(first)) {
        first = first[0];
    }
    if (first !== null && typeof first === 'object') {
        if (first.path) {
            return { path: String(first.path) };
        }

        return { host: first.host || 'localhost' };
    }
    if (typeof first === 'number' || (typeof first === 'string' && (/^\d+$/).test(first))) {
        return { host: typeof args[1] === 'string' ? args[1] : 'localhost' };
    }

    return { path: String(first) };
}

const originalConnect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect (...args) {
    const target = targetOf(args);

    if (target.path !== undefined || !LOOPBACK.has(target.host)) {
        const what = target.path !== undefined ? 'socket path ' + target.path : 'connection to ' + target.host;

        process.nextTick(() => { this.destroy(blockedError(what)); });

        return this;
    }

    return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;

dns.lookup = function guardedLookup (hostname, options, callback) {
    const done = typeof options === 'function' ? options : callback;

    if (!LOOPBACK.has(hostname)) {
        process.nextTick(() => { done(blockedError('DNS lookup of ' + hostname)); });

        return {};
    }

    return originalLookup.call(this, hostname, options, callback);
};
