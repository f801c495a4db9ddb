/** Misspelt option names would otherwise silently drop a setting or a requirement. */
export function rejectUnknownOptions(options: object, known: readonly string[], caller: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`tokenward: ${caller}: unknown option '${key}' (expected one of ${known.join(', ')})`);
  }
}
