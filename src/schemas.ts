import { Type, type TSchema } from 'typebox';

/** Builders of the API description's schemas, shared by the HTTP layer and the kinds' routes. */

export const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

/** What a DELETE answers. */
export const deletedOf = (object: string) => Type.Object({ id: Type.String(), object: Type.Literal(object), deleted: Type.Literal(true) });

export const listOf = <T extends TSchema>(item: T) =>
  Type.Object({ object: Type.Literal('list'), data: Type.Array(item), has_more: Type.Boolean() });

/** A response that is a file or stream of bytes. */
export const binary = (description: string, types: string[] = ['application/octet-stream']) => ({
  description, content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
});
