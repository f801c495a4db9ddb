export { mintShape } from './mint-shape.js';
export { SOURCES as SHAPE_SOURCES } from './sources.js';
export { PROVIDER_TOKEN_SHAPES } from './table.js';
export type { ProviderTokenShape, ShapeErrorCode, ShapePreset, ShapeSource } from './types.js';
