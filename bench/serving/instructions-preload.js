/**
 * Preloaded (node -r) into servers measured by instructions.ts. Under callgrind the event loop
 * can be blocked for more than the load-shedding sample (1 s) by a single garbage collection,
 * and an empty sample reads as "blocked loop", which sheds requests that would then be counted
 * as cheap 503s. This reports an empty sample as 0 ms instead; the histogram itself (and its
 * timer) still runs, so the production code path is otherwise unchanged.
 */
'use strict';

const perfHooks = require('node:perf_hooks');

const original = perfHooks.monitorEventLoopDelay;
perfHooks.monitorEventLoopDelay = function monitorEventLoopDelay(options) {
  const histogram = original.call(this, options);
  return new Proxy(histogram, {
    get(target, property) {
      if (property === 'mean') return Number.isNaN(target.mean) ? 0 : target.mean;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};
