/**
 * Preloaded into the example API's process by the load and soak scripts (`node --import <this>`), never
 * part of the examples. Over the IPC channel the parent opened it answers:
 *
 *   { type: 'memory', gc?: true }  → process.memoryUsage() (after a full GC when asked; needs --expose-gc)
 *   { type: 'shift-clock', ms }     → moves Date.now() forward by ms, so the API's key cache (core reads
 *                                      Date.now by default) ages past its max-age without waiting an hour
 *
 * Date.now is wrapped here, before the app loads, so the verifier captures the wrapper as its clock.
 */
const realNow = Date.now;
let offsetMs = 0;
Date.now = () => realNow() + offsetMs;

if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message?.type === 'memory') {
      if (message.gc && typeof globalThis.gc === 'function') {
        globalThis.gc();
        globalThis.gc();
      }
      process.send({ type: 'memory', ...process.memoryUsage() });
    } else if (message?.type === 'shift-clock') {
      offsetMs += Number(message.ms) || 0;
      process.send({ type: 'shifted', offsetMs });
    }
  });
  // The channel must not keep the API alive once its server has closed.
  process.channel?.unref();
}
