/**
 * Siro's list endpoints page with an opaque `cursor`: `{ data, cursor }`, the next page asked for with
 * `?cursor=`. Return All follows cursors to the end, bounded, and a cursor Siro repeats is an error
 * rather than an endless loop.
 */
import type { ApiCall, SiroApiCaller } from './caller';
import { SiroApiError } from './errors';

/** Far beyond any real organization (a million rows at 1,000 a page), yet an end to a runaway loop. */
const MAX_PAGES = 1000;

export interface Page<Item> {
	items: Item[];
	cursor: string | undefined;
}

export interface ListOptions {
	/**
	 * Stop once this many items are collected: a whole number, 0 or more. Leave it out to list
	 * everything. 0 lists nothing and sends no request (as "at most 0 items" reads); anything else
	 * (NaN, 2.5, -1, "5", null) is an `invalidInput` error naming `limit`, never "everything".
	 */
	limit?: number;
}

/** `limit` as a count (Infinity when not given), or an error that names it. */
function readLimit(limit: unknown): number {
	if (limit === undefined || limit === Infinity) return Infinity;
	if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0) return limit;
	const shown = typeof limit === 'number' ? String(limit) : JSON.stringify(limit)?.slice(0, 40);
	throw new SiroApiError({
		kind: 'invalidInput',
		message: `limit is ${shown ?? typeof limit}, not a whole number of items.`,
		description:
			'Give limit as a whole number, 1 or more (0 lists nothing), or leave it out to list everything.',
		attempts: 0,
	});
}

/**
 * All items of a cursor-paged listing, up to `limit`. `readPage` reads one answer, throwing a
 * ShapeError when it is not what Siro documents.
 */
export async function collectPages<Item>(
	caller: SiroApiCaller,
	call: ApiCall,
	readPage: (body: unknown) => Page<Item>,
	options: ListOptions = {},
): Promise<Item[]> {
	const limit = readLimit(options.limit);
	const items: Item[] = [];
	if (limit === 0) return items;
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (let page = 1; ; page++) {
		const pageCall = { ...call, query: { ...call.query, cursor } };
		const { items: pageItems, cursor: next } = await caller.callAndRead(pageCall, readPage);
		for (const item of pageItems) {
			if (items.length >= limit) return items;
			items.push(item);
		}
		if (next === undefined || items.length >= limit) return items;
		if (seenCursors.has(next)) {
			throw caller.invalidAnswer(call, {
				shape: `cursor "${next.slice(0, 40)}" came back a second time, so paging would never end`,
			});
		}
		if (page >= MAX_PAGES) {
			throw caller.invalidAnswer(call, { shape: `more than ${MAX_PAGES} pages` });
		}
		seenCursors.add(next);
		cursor = next;
	}
}
