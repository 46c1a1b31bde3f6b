/**
 * `n8n-nodes-siro/schemas`: the zod schemas of the record-link contract and of Siro's responses, for
 * callers who validate with zod. Kept out of the main entry so that the library loads without zod;
 * importing this entry needs zod 3 installed beside the package (n8n provides its own).
 */
export * from './nodes/Siro/core/schemas';
export * from './nodes/Siro/client/schemas';
