/**
 * Siro's list endpoints page with an opaque `cursor`: `{ data, cursor }`, the next page asked for with
 * `?cursor=`. Return All follows cursors to the end, bounded, and a cursor Siro repeats is an error
 * rather than an endless loop.
 */
import type { ApiCall, SiroApiCaller } from './caller';

/** Far beyond any real organization (a million rows at 1,000 a page), yet an end to a runaway loop. */
const MAX_PAGES = 1000;

export interface Page<Item> {
	items: Item[];
	cursor: string | undefined;
}

export interface ListOptions {
	/** Stop once this many items are collected (Return All off). */
	limit?: number;
}

/**
 * All items of a cursor-paged listing, up to `limit`. `readPage` reads one answer, throwing a
 * ShapeError when it is not what Siro documents.
 */
export async function collectPages<Item>(
	caller: SiroApiCaller,
	call: ApiCall,
	readPage: (body: unknown) => Page<Item>,
	{ limit = Infinity }: ListOptions = {},
): Promise<Item[]> {
	const items: Item[] = [];
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
			throw caller.invalidAnswer(call, { shape: `cursor "${next.slice(0, 40)}" came back a second time, so paging would never end` });
		}
		if (page >= MAX_PAGES) {
			throw caller.invalidAnswer(call, { shape: `more than ${MAX_PAGES} pages` });
		}
		seenCursors.add(next);
		cursor = next;
	}
}
