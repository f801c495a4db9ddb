// `express4` is Express 4 installed under an alias (npm:express@^4); its API is typed with @types/express 5,
// which covers everything these tests use.
declare module 'express4' {
  export { default } from 'express';
}
