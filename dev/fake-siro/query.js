'use strict';
/**
 * Reading query strings the way Siro's zod-validated endpoints do (a bad value → 422 with a ZodError
 * body listing every issue), and cursor paging over a sorted list.
 */

function zodErrorBody(issues) {
	return { issues, name: 'ZodError' };
}

const requiredIssue = (name) => ({
	code: 'invalid_type',
	expected: 'string',
	received: 'undefined',
	path: [name],
	message: 'Required',
});

/** A query value is a string, or an array when the parameter was repeated. */
function single(name, value) {
	if (!Array.isArray(value)) return { value };
	return {
		issue: {
			code: 'invalid_type',
			expected: 'string',
			received: 'array',
			path: [name],
			message: 'Expected string, received array',
		},
	};
}

/**
 * Readers: (name, raw) → { value } or { issue }. `raw` is undefined when the parameter is absent;
 * absent optional parameters read as undefined.
 */
const read = {
	string:
		({ required = false } = {}) =>
		(name, raw) => {
			if (raw === undefined)
				return required ? { issue: requiredIssue(name) } : { value: undefined };
			return single(name, raw);
		},

	enumeration: (options) => (name, raw) => {
		if (raw === undefined) return { value: undefined };
		const { value, issue } = single(name, raw);
		if (issue) return { issue };
		if (options.includes(value)) return { value };
		return {
			issue: {
				received: value,
				code: 'invalid_enum_value',
				options,
				path: [name],
				message: `Invalid enum value. Expected ${options.map((option) => `'${option}'`).join(' | ')}, received '${value}'`,
			},
		};
	},

	/** 'true' | 'false' → a boolean. */
	flag: () => (name, raw) => {
		const { value, issue } = read.enumeration(['true', 'false'])(name, raw);
		return issue ? { issue } : { value: value === undefined ? undefined : value === 'true' };
	},

	/** An ISO 8601 UTC timestamp (YYYY-MM-DDTHH:mm:ss.sssZ) → milliseconds since the epoch. */
	isoDateTime: () => (name, raw) => {
		if (raw === undefined) return { value: undefined };
		const { value, issue } = single(name, raw);
		if (issue) return { issue };
		const milliseconds = Date.parse(value);
		if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && !Number.isNaN(milliseconds))
			return { value: milliseconds };
		return {
			issue: {
				code: 'invalid_string',
				validation: 'datetime',
				path: [name],
				message: 'Invalid datetime',
			},
		};
	},

	integer:
		({ min, max }) =>
		(name, raw) => {
			if (raw === undefined) return { value: undefined };
			const { value, issue } = single(name, raw);
			if (issue) return { issue };
			const number = value.trim() === '' ? Number.NaN : Number(value);
			if (Number.isNaN(number))
				return {
					issue: {
						code: 'invalid_type',
						expected: 'number',
						received: 'nan',
						path: [name],
						message: 'Expected number, received nan',
					},
				};
			if (!Number.isInteger(number))
				return {
					issue: {
						code: 'invalid_type',
						expected: 'integer',
						received: 'float',
						path: [name],
						message: 'Expected integer, received float',
					},
				};
			const bound =
				number < min
					? ['too_small', 'minimum', min, 'greater']
					: number > max
						? ['too_big', 'maximum', max, 'less']
						: null;
			if (bound === null) return { value: number };
			const [code, key, limit, direction] = bound;
			return {
				issue: {
					code,
					[key]: limit,
					type: 'number',
					inclusive: true,
					exact: false,
					path: [name],
					message: `Number must be ${direction} than or equal to ${limit}`,
				},
			};
		},

	/** Comma-separated values, repeated parameters, or both → a list of at most `maxItems`. */
	list:
		({ maxItems }) =>
		(name, raw) => {
			if (raw === undefined) return { value: undefined };
			const items = (Array.isArray(raw) ? raw : [raw])
				.flatMap((entry) => entry.split(','))
				.map((entry) => entry.trim())
				.filter((entry) => entry !== '');
			if (items.length <= maxItems) return { value: items };
			return {
				issue: {
					code: 'too_big',
					maximum: maxItems,
					type: 'array',
					inclusive: true,
					exact: false,
					path: [name],
					message: `Array must contain at most ${maxItems} element(s)`,
				},
			};
		},
};

/**
 * Reads `query` against `spec` ({ name: reader }). Returns { values } or { issues } (all of them).
 */
function parseQuery(query, spec) {
	const values = {};
	const issues = [];
	for (const [name, reader] of Object.entries(spec)) {
		const raw = Object.prototype.hasOwnProperty.call(query, name) ? query[name] : undefined;
		const { value, issue } = reader(name, raw);
		if (issue) issues.push(issue);
		else values[name] = value;
	}
	return issues.length > 0 ? { issues } : { values };
}

// ---------------------------------------------------------------------------------------------
// Cursor paging
// ---------------------------------------------------------------------------------------------

const compareKeys = (left, right) => {
	for (let index = 0; index < left.length; index++) {
		if (left[index] < right[index]) return -1;
		if (left[index] > right[index]) return 1;
	}
	return 0;
};

/**
 * A sorted listing: `keyOf(item)` gives the sort key ([createdAt, id]); `descending` lists newest
 * first. A cursor is opaque to clients: it names the listing and the last key it returned, so the
 * next page starts right after that item even when items were added in between.
 */
function createListing({ name, keyOf, descending = false }) {
	const direction = descending ? -1 : 1;
	return {
		sort(items) {
			return [...items].sort((left, right) => direction * compareKeys(keyOf(left), keyOf(right)));
		},
		/** Returns { key } for a cursor of this listing, or { issue }. */
		readCursor(cursor) {
			try {
				const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
				if (decoded && decoded.list === name && Array.isArray(decoded.after))
					return { key: decoded.after };
			} catch {
				// fall through: not one of ours
			}
			return { issue: { code: 'custom', path: ['cursor'], message: 'Invalid cursor' } };
		},
		/** `sortedItems` after the cursor's key (all when none), cut to `pageSize`, and the next cursor. */
		page(sortedItems, { afterKey, pageSize }) {
			const remaining =
				afterKey === undefined
					? sortedItems
					: sortedItems.filter((item) => direction * compareKeys(keyOf(item), afterKey) > 0);
			const items = remaining.slice(0, pageSize);
			const cursor =
				remaining.length > pageSize
					? Buffer.from(
							JSON.stringify({ list: name, after: keyOf(items[items.length - 1]) }),
						).toString('base64url')
					: null;
			return { items, cursor };
		},
	};
}

module.exports = { zodErrorBody, requiredIssue, read, parseQuery, createListing };
