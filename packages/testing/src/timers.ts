/**
 * Timers captured when the module loads, so faults keep real time when a test installs fake
 * timers afterwards (vi.useFakeTimers() to fix the clock for token times).
 */
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const realClearTimeout = globalThis.clearTimeout.bind(globalThis);

export type TimerHandle = ReturnType<typeof setTimeout>;

/** Runs `callback` after `ms`, tracked in `timers` so close() can cancel it. */
export function schedule(timers: Set<TimerHandle>, ms: number, callback: () => void): TimerHandle {
  const handle = realSetTimeout(() => {
    timers.delete(handle);
    callback();
  }, ms);
  timers.add(handle);
  return handle;
}

export function cancel(timers: Set<TimerHandle>, handle: TimerHandle): void {
  realClearTimeout(handle);
  timers.delete(handle);
}

export function cancelAll(timers: Set<TimerHandle>): void {
  for (const handle of timers) realClearTimeout(handle);
  timers.clear();
}
