/** Builders of OpenAPI 3.0 schemas, shared by openapi-schemas.ts and the schema files it spreads in. */
export type Schema = Record<string, unknown>;

export const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
export const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
export const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) });
export const bool: Schema = { type: 'boolean' };
export const instant: Schema = { type: 'string', format: 'date-time' };
export const oneOfValues = (values: readonly string[], description?: string): Schema => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
// OpenAPI 3.0: null must also be among an enum's values; a reference cannot be nullable (siblings of
// $ref are ignored), so a nullable object is written out in place.
export const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true, ...(Array.isArray(schema.enum) ? { enum: [...(schema.enum as unknown[]), null] } : {}) });
export const array = (items: Schema): Schema => ({ type: 'array', items });
/** Every property is required unless listed in `optional` (nullable ones are still present, as null). */
export const object = (properties: Record<string, Schema>, optional: string[] = []): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
});
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

