/**
 * Siro's list endpoints page with an opaque `cursor`: `{ data, cursor }`, the next page asked for with
 * `?cursor=`. Return All follows cursors to the end, bounded — by pages, by total time, by items and
 * by bytes — and a cursor Siro repeats is an error rather than an endless loop.
 */
import type { ApiCall, SiroApiCaller } from './caller';
import { DeadlinePassed, type ListingDeadline } from './deadline';
import { SiroApiError } from './errors';

/** Far beyond any real organization (a million rows at 1,000 a page), yet an end to a runaway loop. */
const MAX_PAGES = 1000;

/**
 * The defaults of ListBounds. Time: a listing of 100 full pages takes a minute or two, so 10 minutes
 * leaves room for Siro's rate limiting and slow pages, while a server that stalls every page cannot
 * hold a workflow for hours. Items: 100,000 is 100 full pages — several times the users, a rep's
 * mobile events or a month's recordings of a large organization — and already more than an n8n
 * execution carries comfortably. Bytes: 256 MB of answers, about what 100,000 recordings with
 * summaries weigh, and a bound on memory when items are few but huge.
 */
export const DEFAULT_LIST_BOUNDS: Readonly<Required<ListBounds>> = Object.freeze({
	maxDurationMs: 10 * 60 * 1000,
	maxItems: 100000,
	maxBytes: 256 * 1024 * 1024,
});

export interface Page<Item> {
	items: Item[];
	cursor: string | undefined;
}

/**
 * How far one listing (every page of it) may go before it stops with a SiroApiError of kind
 * `listingLimit` that says how far it got. Each is a whole number, 1 or more.
 */
export interface ListBounds {
	/**
	 * Total time for the whole listing, in milliseconds: every page, retry, Retry-After wait and
	 * pacing wait counts. Checked before each request and each wait, so the listing ends at most one
	 * request's timeout after it. Default 600,000 (10 minutes).
	 */
	maxDurationMs?: number;
	/** Items gathered, over all pages. Default 100,000. */
	maxItems?: number;
	/**
	 * Bytes of the answers' bodies, over all pages (each answer is also capped at 32 MB). Bodies a
	 * transport hands over already parsed are not counted here, only by maxItems. Default 268,435,456
	 * (256 MB).
	 */
	maxBytes?: number;
}

export interface ListOptions extends ListBounds {
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

/** A bound as given, its default when not given, or an error that names it. */
function readBound(options: ListBounds, name: keyof ListBounds): number {
	const value: unknown = options[name];
	if (value === undefined) return DEFAULT_LIST_BOUNDS[name];
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
	const shown = typeof value === 'number' ? String(value) : JSON.stringify(value)?.slice(0, 40);
	throw new SiroApiError({
		kind: 'invalidInput',
		message: `${name} is ${shown ?? typeof value}, not a whole number of 1 or more.`,
		description: `Give ${name} as a whole number, or leave it out for the default (${DEFAULT_LIST_BOUNDS[name]}).`,
		attempts: 0,
	});
}

const count = (value: number) => value.toLocaleString('en-US');

/** "850 ms", "42 s", "10 min 3 s", "2 h 5 min". */
export function formatDuration(milliseconds: number): string {
	if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
	const seconds = Math.round(milliseconds / 1000);
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min${seconds % 60 === 0 ? '' : ` ${seconds % 60} s`}`;
	return `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
}

function formatBytes(bytes: number): string {
	return bytes >= 1048576 ? `${count(Math.round(bytes / 1048576))} MB` : `${count(bytes)} bytes`;
}

/** How far a listing got, for the error that stops it. */
interface Progress {
	pages: number;
	items: number;
	deadline: ListingDeadline;
}

function progressText({ pages, items, deadline }: Progress): string {
	return `${count(pages)} ${pages === 1 ? 'page' : 'pages'} and ${count(items)} ${items === 1 ? 'item' : 'items'} in ${formatDuration(deadline.elapsedMs())}`;
}

const NARROW_IT =
	'Narrow what is listed: a shorter time window or other filters, or a Limit instead of Return All.';

/**
 * All items of a cursor-paged listing, up to `limit`, within its bounds. `readPage` reads one
 * answer, throwing a ShapeError when it is not what Siro documents.
 */
export async function collectPages<Item>(
	caller: SiroApiCaller,
	call: ApiCall,
	readPage: (body: unknown) => Page<Item>,
	options: ListOptions = {},
): Promise<Item[]> {
	const limit = readLimit(options.limit);
	const maxDurationMs = readBound(options, 'maxDurationMs');
	const maxItems = readBound(options, 'maxItems');
	const maxBytes = readBound(options, 'maxBytes');
	const items: Item[] = [];
	if (limit === 0) return items;
	const progress: Progress = { pages: 0, items: 0, deadline: caller.startDeadline(maxDurationMs) };
	const stopped = (reason: string, fix: string) =>
		caller.listingStopped(`Stopped ${call.purpose} ${reason}.`, `${NARROW_IT} ${fix}`);
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	let bytes = 0;
	// The deadline's signal becomes the listing's error here, where its progress is known.
	const pastDeadline = (error: unknown): unknown => {
		if (!(error instanceof DeadlinePassed)) return error;
		const due = error.waiting
			? `; the next step, ${error.waiting.what}, meant waiting ${formatDuration(error.waiting.milliseconds)} more`
			: '';
		return stopped(
			`at its time limit of ${formatDuration(maxDurationMs)} (maxDurationMs), after ${progressText(progress)}${due}`,
			'If Siro is rate limiting or slow, try again later. Library: raise ListOptions.maxDurationMs.',
		);
	};
	for (let page = 1; ; page++) {
		const pageCall = { ...call, query: { ...call.query, cursor } };
		let answer: { value: Page<Item>; bytes: number };
		try {
			answer = await caller.callAndReadPage(pageCall, readPage, progress.deadline);
		} catch (error) {
			throw pastDeadline(error);
		}
		progress.pages = page;
		bytes += answer.bytes;
		const { items: pageItems, cursor: next } = answer.value;
		for (const item of pageItems) {
			if (items.length >= limit) return items;
			if (items.length >= maxItems) {
				throw stopped(
					`at its limit of ${count(maxItems)} items (maxItems), after ${progressText(progress)}; Siro has more`,
					'Library: raise ListOptions.maxItems.',
				);
			}
			items.push(item);
			progress.items = items.length;
		}
		if (bytes > maxBytes) {
			throw stopped(
				`past its limit of ${formatBytes(maxBytes)} of answers (maxBytes): ${formatBytes(bytes)} in ${progressText(progress)}`,
				'Library: raise ListOptions.maxBytes.',
			);
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
