/**
 * @module @tokenward/core/adapter
 *
 * The adapter kit: what every framework adapter needs besides `createVerifier` — options resolved once
 * to a verifier and settings, requirements compiled once, credentials read from raw headers, and the
 * answer to a failure. An adapter built on it is only its framework's glue. It creates no verifier, and
 * in the published build it takes the error tree and the RFC 6750 answer from the main entry, so an app
 * holds one copy of each (tsup.config.ts).
 */
export {
  defineAdapterOptions,
  type AdapterOptionsSpec,
  type ResolvedAdapterOptions,
  type SettingRule,
  type VerifierSource,
} from './verifier-options.js';
export { answerFailure, ANSWER_SETTING_RULES, type AnswerSettings, type FailureAnswer } from './answer.js';
export { authorizationHeader, nodeRequestInput, type NodeRequestFacts } from './authorization-header.js';
export { TOKEN_LOCATION_SETTING_RULES, successHeaders, tokenLocationOptions } from './token-location.js';
export { createVerifiedTokens, type VerifiedTokens } from './verified-tokens.js';
export { compileNeededRequirement } from './route-requirement.js';
export { compileRequirement, type CompiledRequirement, type RequirementCheck, type RouteRequirement } from '../authz/route-requirement.js';
export type { TokenOrPrincipal } from '../authz/requirement-inputs.js';
export { authorizationFromRawHeaders } from '../rfc6750/bearer.js';
export { buildPrincipal } from '../verify/principal.js';
