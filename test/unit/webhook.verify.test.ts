import { inspect } from 'node:util';

import {
	SiroWebhookError,
	verifySiroWebhook,
	type SiroWebhookErrorReason,
	type VerifySiroWebhookOptions,
} from '../../nodes/Siro/webhook/verify';
import { newSigningSecret, svixHeaders, svixSignature } from '../support/svixSigner';

/*
 * Svix's published test vector, from Svix's own library tests: svix/svix-webhooks,
 * php/tests/WebhookTest.php, testSignFunctionWorks (key, msgId, timestamp, payload, expected), the
 * same values as javascript/src/webhook.test.ts's defaults (msg ID, payload, secret without whsec_).
 */
const VECTOR = {
	secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
	id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
	timestamp: 1614265330,
	body: '{"test": 2432232314}',
	signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const VECTOR_HEADERS = {
	'svix-id': VECTOR.id,
	'svix-timestamp': String(VECTOR.timestamp),
	'svix-signature': VECTOR.signature,
};
const AT_VECTOR_TIME = VECTOR.timestamp * 1000;

const SECRET = newSigningSecret();
const OLD_SECRET = newSigningSecret();
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const NOW_SECONDS = NOW / 1000;
const PAYLOAD = {
	recordingId: 'rec-1',
	siroUserId: 'user-1',
	recordingProcessed: true,
	recordingLinked: true,
	eventType: 'integrations.recordingProcessed',
};
const BODY = JSON.stringify(PAYLOAD);

/** A delivery signed now with SECRET, with any option replaced. */
function delivery(overrides: Partial<VerifySiroWebhookOptions> = {}): VerifySiroWebhookOptions {
	return {
		secret: SECRET,
		headers: svixHeaders({ secret: SECRET, id: 'msg_1', timestamp: NOW_SECONDS, body: BODY }),
		rawBody: BODY,
		now: NOW,
		...overrides,
	};
}

/** The SiroWebhookError verifySiroWebhook throws for `options` (fails the test when it returns). */
function refusal(options: VerifySiroWebhookOptions): SiroWebhookError {
	try {
		verifySiroWebhook(options);
	} catch (error) {
		if (error instanceof SiroWebhookError) return error;
		throw error;
	}
	throw new Error('verifySiroWebhook accepted the delivery');
}

function reasonOf(options: VerifySiroWebhookOptions): SiroWebhookErrorReason {
	return refusal(options).reason;
}

describe("verifySiroWebhook: Svix's published test vector", () => {
	it('our signer reproduces the vector', () => {
		expect(
			`v1,${svixSignature(VECTOR.secret, VECTOR.id, String(VECTOR.timestamp), VECTOR.body)}`,
		).toBe(VECTOR.signature);
	});

	it('accepts the vector at its own time and returns the parsed body', () => {
		expect(
			verifySiroWebhook({
				secret: VECTOR.secret,
				headers: VECTOR_HEADERS,
				rawBody: VECTOR.body,
				now: AT_VECTOR_TIME,
			}),
		).toEqual({ test: 2432232314 });
	});

	it('accepts it among other entries, ignoring other versions and malformed ones', () => {
		const headers = {
			...VECTOR_HEADERS,
			'svix-signature': `v1,bm9wZQ== v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= BAD_SIG_NATURE ${VECTOR.signature} v1a,x`,
		};
		expect(
			verifySiroWebhook({
				secret: VECTOR.secret,
				headers,
				rawBody: VECTOR.body,
				now: AT_VECTOR_TIME,
			}),
		).toEqual({ test: 2432232314 });
	});

	it('refuses the right signature under another version', () => {
		const headers = { ...VECTOR_HEADERS, 'svix-signature': VECTOR.signature.replace('v1,', 'v2,') };
		expect(
			reasonOf({ secret: VECTOR.secret, headers, rawBody: VECTOR.body, now: AT_VECTOR_TIME }),
		).toBe('badSignature');
	});

	it('refuses the vector with one thing changed: body, id, timestamp or secret', () => {
		const base = {
			secret: VECTOR.secret,
			headers: VECTOR_HEADERS,
			rawBody: VECTOR.body,
			now: AT_VECTOR_TIME,
		};
		expect(reasonOf({ ...base, rawBody: '{"test": 2432232315}' })).toBe('badSignature');
		expect(reasonOf({ ...base, headers: { ...VECTOR_HEADERS, 'svix-id': `${VECTOR.id}x` } })).toBe(
			'badSignature',
		);
		// A timestamp moved by one second, still well inside the tolerance.
		expect(
			reasonOf({
				...base,
				headers: { ...VECTOR_HEADERS, 'svix-timestamp': String(VECTOR.timestamp + 1) },
			}),
		).toBe('badSignature');
		expect(reasonOf({ ...base, secret: SECRET })).toBe('badSignature');
	});
});

describe('verifySiroWebhook: accepted deliveries', () => {
	it('returns the payload of a delivery signed now', () => {
		expect(verifySiroWebhook(delivery())).toEqual(PAYLOAD);
	});

	it('takes the body as a string, a Buffer or a Uint8Array of the same bytes', () => {
		expect(verifySiroWebhook(delivery({ rawBody: Buffer.from(BODY) }))).toEqual(PAYLOAD);
		expect(verifySiroWebhook(delivery({ rawBody: new Uint8Array(Buffer.from(BODY)) }))).toEqual(
			PAYLOAD,
		);
	});

	it('reads header names in any case, and a value given as a one-element list', () => {
		const signed = svixHeaders({ secret: SECRET, id: 'msg_1', timestamp: NOW_SECONDS, body: BODY });
		const headers = {
			'SVIX-ID': signed['svix-id'],
			'Svix-Timestamp': [signed['svix-timestamp']],
			'sViX-SiGnAtUrE': signed['svix-signature'],
			'content-type': 'application/json',
		};
		expect(verifySiroWebhook(delivery({ headers }))).toEqual(PAYLOAD);
	});

	it('uses Date.now() when no time is given', () => {
		const headers = svixHeaders({
			secret: SECRET,
			id: 'msg_1',
			timestamp: Math.floor(Date.now() / 1000),
			body: BODY,
		});
		expect(verifySiroWebhook({ secret: SECRET, headers, rawBody: BODY })).toEqual(PAYLOAD);
	});
});

describe('verifySiroWebhook: the raw body, byte for byte', () => {
	// Unicode (composed é, an en dash, an emoji, an escaped character), tabs, CRLF, spaces inside
	// and around the JSON: what Siro signs is these bytes, not the JSON they mean.
	const RAW =
		' {\r\n\t"recordingId": "rec-é–🏠",  "note": "a\\u00e9b",\n"recordingProcessed": true } \n';
	const headers = svixHeaders({ secret: SECRET, id: 'msg_u', timestamp: NOW_SECONDS, body: RAW });
	const options = (rawBody: string | Buffer) => ({ secret: SECRET, headers, rawBody, now: NOW });

	it('accepts the bytes exactly as sent, as a string or a Buffer', () => {
		const expected = { recordingId: 'rec-é–🏠', note: 'aéb', recordingProcessed: true };
		expect(verifySiroWebhook(options(RAW))).toEqual(expected);
		expect(verifySiroWebhook(options(Buffer.from(RAW, 'utf8')))).toEqual(expected);
	});

	it('refuses the same JSON re-serialised, trimmed, or with é decomposed (NFD)', () => {
		expect(reasonOf(options(JSON.stringify(JSON.parse(RAW))))).toBe('badSignature');
		expect(reasonOf(options(RAW.trim()))).toBe('badSignature');
		expect(reasonOf(options(RAW.replace('\r\n', '\n')))).toBe('badSignature');
		expect(RAW.normalize('NFD')).not.toBe(RAW);
		expect(reasonOf(options(RAW.normalize('NFD')))).toBe('badSignature');
	});

	it('signs bytes, not their decoding: bytes that are not UTF-8 still match, then fail as a payload', () => {
		const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]); // "{", two bytes no UTF-8 text has, "}"
		const signed = svixHeaders({
			secret: SECRET,
			id: 'msg_b',
			timestamp: NOW_SECONDS,
			body: bytes,
		});
		const error = refusal({ secret: SECRET, headers: signed, rawBody: bytes, now: NOW });
		expect(error.reason).toBe('badPayload');
		// The same bytes decoded to text (with replacement characters) are other bytes.
		expect(
			reasonOf({ secret: SECRET, headers: signed, rawBody: bytes.toString('utf8'), now: NOW }),
		).toBe('badSignature');
	});
});

describe('verifySiroWebhook: secret rotation', () => {
	const signedWith = (secret: string | string[]) =>
		svixHeaders({ secret, id: 'msg_r', timestamp: NOW_SECONDS, body: BODY });

	it('accepts a delivery signed with either of two secrets', () => {
		for (const signer of [SECRET, OLD_SECRET]) {
			expect(
				verifySiroWebhook(delivery({ secret: [SECRET, OLD_SECRET], headers: signedWith(signer) })),
			).toEqual(PAYLOAD);
		}
	});

	it('accepts a delivery Siro signs with both (one entry per secret) when only one is known', () => {
		const both = signedWith([OLD_SECRET, SECRET]);
		expect(both['svix-signature'].split(' ')).toHaveLength(2);
		expect(verifySiroWebhook(delivery({ secret: SECRET, headers: both }))).toEqual(PAYLOAD);
		expect(verifySiroWebhook(delivery({ secret: [OLD_SECRET], headers: both }))).toEqual(PAYLOAD);
	});

	it('refuses a delivery signed with a secret it was not given', () => {
		expect(reasonOf(delivery({ secret: [SECRET], headers: signedWith(OLD_SECRET) }))).toBe(
			'badSignature',
		);
	});
});

describe('verifySiroWebhook: the timestamp tolerance', () => {
	const at = (timestamp: number, extra: Partial<VerifySiroWebhookOptions> = {}) =>
		delivery({
			headers: svixHeaders({ secret: SECRET, id: 'msg_t', timestamp, body: BODY }),
			...extra,
		});

	it('accepts exactly 300 seconds either way and refuses 301', () => {
		expect(verifySiroWebhook(at(NOW_SECONDS - 300))).toEqual(PAYLOAD);
		expect(verifySiroWebhook(at(NOW_SECONDS + 300))).toEqual(PAYLOAD);
		expect(reasonOf(at(NOW_SECONDS - 301))).toBe('timestampOutOfRange');
		expect(reasonOf(at(NOW_SECONDS + 301))).toBe('timestampOutOfRange');
	});

	it('compares whole seconds, as Svix does: now is rounded down', () => {
		expect(verifySiroWebhook(at(NOW_SECONDS - 300, { now: NOW + 999 }))).toEqual(PAYLOAD);
		expect(reasonOf(at(NOW_SECONDS - 300, { now: NOW + 1000 }))).toBe('timestampOutOfRange');
	});

	it('says how far off the timestamp is, past or future', () => {
		expect(refusal(at(NOW_SECONDS - 3600)).message).toMatch(/3600 seconds old.*300 seconds/);
		expect(refusal(at(NOW_SECONDS + 400)).message).toMatch(/400 seconds in the future/);
	});

	it('takes another tolerance, 0 included', () => {
		expect(verifySiroWebhook(at(NOW_SECONDS - 1000, { toleranceSeconds: 1000 }))).toEqual(PAYLOAD);
		expect(reasonOf(at(NOW_SECONDS - 61, { toleranceSeconds: 60 }))).toBe('timestampOutOfRange');
		expect(verifySiroWebhook(at(NOW_SECONDS, { toleranceSeconds: 0 }))).toEqual(PAYLOAD);
		expect(reasonOf(at(NOW_SECONDS + 1, { toleranceSeconds: 0 }))).toBe('timestampOutOfRange');
	});

	it('checks the timestamp before the signature: a stale forgery is refused as stale', () => {
		const stale = at(NOW_SECONDS - 301);
		expect(
			reasonOf({ ...stale, headers: { ...stale.headers, 'svix-signature': 'v1,forged' } }),
		).toBe('timestampOutOfRange');
	});
});

describe('verifySiroWebhook: missing or malformed headers', () => {
	const signed = svixHeaders({ secret: SECRET, id: 'msg_1', timestamp: NOW_SECONDS, body: BODY });
	const without = (name: keyof typeof signed) => {
		const { [name]: _dropped, ...rest } = signed;
		return rest;
	};

	it.each(['svix-id', 'svix-timestamp', 'svix-signature'] as const)(
		'refuses without %s',
		(name) => {
			const error = refusal(delivery({ headers: without(name) }));
			expect(error.reason).toBe('missingHeaders');
			expect(error.message).toContain(`no ${name} header`);
		},
	);

	it('refuses empty values, empty lists, non-text values and no headers at all', () => {
		expect(reasonOf(delivery({ headers: { ...signed, 'svix-id': '' } }))).toBe('missingHeaders');
		expect(reasonOf(delivery({ headers: { ...signed, 'svix-id': [] } }))).toBe('missingHeaders');
		const objectValue = { ...signed, 'svix-id': { toString: () => 'msg_1' } } as never;
		expect(reasonOf(delivery({ headers: objectValue }))).toBe('missingHeaders');
		expect(reasonOf(delivery({ headers: {} }))).toBe('missingHeaders');
		expect(reasonOf(delivery({ headers: undefined as never }))).toBe('missingHeaders');
	});

	it('refuses headers it cannot read (a throwing getter, a list that throws, a hostile proxy) as missingHeaders, quoting nothing', () => {
		const thrown = 'getter-message-with-a-secret-whsec_abc';
		const throwing = () => {
			throw new Error(thrown);
		};
		const getterOnSignature = Object.defineProperty({ ...signed }, 'svix-signature', {
			enumerable: true,
			get: throwing,
		});
		const throwingList = {
			...signed,
			'svix-id': new Proxy([signed['svix-id']], { get: throwing }),
		};
		const hostileProxy = new Proxy(signed, { ownKeys: throwing });
		for (const headers of [getterOnSignature, throwingList, hostileProxy]) {
			const error = refusal(delivery({ headers: headers as never }));
			expect(error.reason).toBe('missingHeaders');
			expect(`${error.message} ${String(error.stack)}`).not.toContain(thrown);
		}
	});

	it('refuses a header given twice (a list of two, or two spellings of its name)', () => {
		expect(
			reasonOf(delivery({ headers: { ...signed, 'svix-id': [signed['svix-id'], 'msg_2'] } })),
		).toBe('missingHeaders');
		expect(reasonOf(delivery({ headers: { ...signed, 'Svix-Id': signed['svix-id'] } }))).toBe(
			'missingHeaders',
		);
	});

	it('refuses a timestamp that is not whole seconds', () => {
		for (const timestamp of [
			'abc',
			'1.5',
			'-1',
			'+1700000000',
			' 1700000000',
			'1e9',
			'1'.repeat(16),
		]) {
			expect({
				timestamp,
				reason: reasonOf(delivery({ headers: { ...signed, 'svix-timestamp': timestamp } })),
			}).toEqual({
				timestamp,
				reason: 'missingHeaders',
			});
		}
	});

	it('refuses an svix-id longer than 256 characters, even when signed', () => {
		const id = `msg_${'x'.repeat(253)}`;
		const headers = svixHeaders({ secret: SECRET, id, timestamp: NOW_SECONDS, body: BODY });
		expect(reasonOf(delivery({ headers }))).toBe('missingHeaders');
		const fits = svixHeaders({
			secret: SECRET,
			id: id.slice(1),
			timestamp: NOW_SECONDS,
			body: BODY,
		});
		expect(verifySiroWebhook(delivery({ headers: fits }))).toEqual(PAYLOAD);
	});
});

describe('verifySiroWebhook: signatures', () => {
	const signed = svixHeaders({ secret: SECRET, id: 'msg_1', timestamp: NOW_SECONDS, body: BODY });
	const withSignature = (value: string) =>
		delivery({ headers: { ...signed, 'svix-signature': value } });

	it('refuses a header without any v1 entry', () => {
		const error = refusal(withSignature('v2,abc v1 v1a,abc'));
		expect(error.reason).toBe('badSignature');
		expect(error.message).toContain('no v1 signature');
	});

	it('refuses a signature that differs in one character or in length', () => {
		const right = signed['svix-signature'];
		const flipped =
			right.slice(0, -2) + (right.charAt(right.length - 2) === 'A' ? 'B' : 'A') + right.slice(-1);
		expect(reasonOf(withSignature(flipped))).toBe('badSignature');
		expect(reasonOf(withSignature(right.slice(0, -1)))).toBe('badSignature');
		expect(reasonOf(withSignature(`${right}=`))).toBe('badSignature');
	});

	it('finds the right entry among up to 16, and refuses more without checking them', () => {
		const filler = Array.from(
			{ length: 15 },
			(_, i) => `v1,${Buffer.alloc(32, i).toString('base64')}`,
		);
		expect(
			verifySiroWebhook(withSignature([...filler, signed['svix-signature']].join(' '))),
		).toEqual(PAYLOAD);
		const tooMany = refusal(withSignature([...filler, 'v2,x', signed['svix-signature']].join(' ')));
		expect(tooMany.reason).toBe('badSignature');
		expect(tooMany.message).toContain('longer than Siro sends');
	});

	it('refuses thousands of entries and a huge header outright', () => {
		const thousands = Array.from({ length: 5000 }, () => 'v1,a').join(' ');
		expect(refusal(withSignature(thousands)).message).toContain('longer than Siro sends');
		const huge = `v1,${'A'.repeat(1_000_000)}`;
		expect(refusal(withSignature(huge)).message).toContain('longer than Siro sends');
	});

	it('skips header names longer than any Svix header without reading them', () => {
		const headers: Record<string, string> = { ...signed };
		for (let i = 0; i < 2000; i++) headers[`x-padding-header-${i}`] = 'x'.repeat(100);
		expect(verifySiroWebhook(delivery({ headers }))).toEqual(PAYLOAD);
	});
});

describe('verifySiroWebhook: signing secrets', () => {
	const secretOf = (secret: unknown) => delivery({ secret: secret as string });

	it.each([
		['the base64 without whsec_', SECRET.slice('whsec_'.length)],
		['whsec_ alone', 'whsec_'],
		['not base64 after whsec_', 'whsec_not base64!'],
		['base64 with the padding in the middle', 'whsec_MfKQ=9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
		['a URL-safe base64 alphabet', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS-_w=='],
		['a trailing space', `${SECRET} `],
		['an empty string', ''],
		['a number', 42],
		['nothing', undefined],
		['an empty list', []],
		['a list with one bad secret', [SECRET, 'whsec_']],
		['nine secrets', Array(9).fill(SECRET)],
		['a secret of 1,000 characters', `whsec_${'A'.repeat(994)}`],
	])('refuses %s as badSecret', (_label, secret) => {
		expect(reasonOf(secretOf(secret))).toBe('badSecret');
	});

	it('checks the secret before the request: a bad secret is reported even for a bad request', () => {
		expect(reasonOf(delivery({ secret: 'whsec_', headers: {} }))).toBe('badSecret');
	});

	it('names which secret of several is wrong', () => {
		expect(refusal(secretOf([SECRET, 'nope'])).message).toMatch(/^Signing secret 2 of 2 /);
	});
});

describe('verifySiroWebhook: payloads', () => {
	const signedBody = (body: string) =>
		delivery({
			rawBody: body,
			headers: svixHeaders({ secret: SECRET, id: 'msg_p', timestamp: NOW_SECONDS, body }),
		});

	it.each([
		['text that is not JSON', 'hello'],
		['an empty body', ''],
		['a JSON list', '[1, 2]'],
		['JSON null', 'null'],
		['a JSON string', '"recording"'],
	])('refuses %s, once signed, as badPayload', (_label, body) => {
		expect(reasonOf(signedBody(body))).toBe('badPayload');
	});

	it('parses only after the signature matched: an unsigned non-JSON body is badSignature', () => {
		expect(reasonOf(delivery({ rawBody: 'hello' }))).toBe('badSignature');
	});

	it('keeps keys such as __proto__ as plain data', () => {
		const payload = verifySiroWebhook(signedBody('{"__proto__": {"polluted": true}, "a": 1}'));
		expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.keys(payload)).toEqual(['__proto__', 'a']);
	});
});

describe('verifySiroWebhook: options it does not take', () => {
	it('throws TypeError for a parsed body, a negative tolerance or a time that is not a number', () => {
		expect(() => verifySiroWebhook(delivery({ rawBody: PAYLOAD as never }))).toThrow(TypeError);
		expect(() => verifySiroWebhook(delivery({ toleranceSeconds: -1 }))).toThrow(TypeError);
		expect(() => verifySiroWebhook(delivery({ toleranceSeconds: NaN }))).toThrow(TypeError);
		expect(() => verifySiroWebhook(delivery({ now: new Date(NOW) as never }))).toThrow(TypeError);
	});
});

describe('verifySiroWebhook: the secret never appears in an error', () => {
	/** Every 8-character piece of the secret as it may leak: raw, base64, URL-encoded, lower-cased. */
	function pieces(secret: string): string[] {
		const key = secret.slice('whsec_'.length);
		const forms = [
			secret,
			key,
			Buffer.from(secret).toString('base64'),
			Buffer.from(key, 'base64').toString('base64'),
			Buffer.from(key, 'base64').toString('hex'),
			encodeURIComponent(secret),
		];
		const all = new Set<string>();
		for (const form of [...forms, ...forms.map((form) => form.toLowerCase())]) {
			for (let i = 0; i + 8 <= form.length; i++) all.add(form.slice(i, i + 8));
		}
		// "whsec_" plus two characters is the prefix every secret shares, not a piece of this one.
		return [...all].filter((piece) => !piece.startsWith('whsec_') && !piece.startsWith('WHSEC_'));
	}

	/** Everything an error shows: message, stack, own properties, inspect and JSON. */
	function everythingShown(error: SiroWebhookError): string {
		return [
			error.message,
			error.stack ?? '',
			String(error),
			inspect(error, { depth: 5, showHidden: true }),
			JSON.stringify(error),
			JSON.stringify(Object.getOwnPropertyNames(error).map((name) => (error as never)[name])),
		].join('\n');
	}

	const badSecrets = [
		`${SECRET} `,
		SECRET.slice('whsec_'.length),
		`whsec_${SECRET.slice('whsec_'.length)}!`,
		`whsec_${'A'.repeat(600)}${SECRET.slice(6)}`,
	];
	const signed = svixHeaders({ secret: SECRET, id: 'msg_1', timestamp: NOW_SECONDS, body: BODY });
	const refusals: Array<[string, VerifySiroWebhookOptions, string[]]> = [
		['missing headers', delivery({ headers: {} }), [SECRET]],
		['bad signature', delivery({ rawBody: `${BODY} ` }), [SECRET]],
		[
			'rotation, bad signature',
			delivery({ secret: [SECRET, OLD_SECRET], rawBody: '{}' }),
			[SECRET, OLD_SECRET],
		],
		[
			'stale timestamp',
			delivery({ headers: { ...signed, 'svix-timestamp': String(NOW_SECONDS - 999) } }),
			[SECRET],
		],
		[
			'bad payload',
			delivery({
				rawBody: 'x',
				headers: svixHeaders({ secret: SECRET, id: 'm', timestamp: NOW_SECONDS, body: 'x' }),
			}),
			[SECRET],
		],
		...badSecrets.map((secret, i): [string, VerifySiroWebhookOptions, string[]] => [
			`bad secret ${i}`,
			delivery({ secret }),
			[secret, SECRET],
		]),
		['bad second secret', delivery({ secret: [SECRET, `${OLD_SECRET}?`] }), [SECRET, OLD_SECRET]],
	];

	it.each(refusals)('%s', (_label, options, secrets) => {
		const shown = everythingShown(refusal(options));
		const leaked = secrets.flatMap(pieces).filter((piece) => shown.includes(piece));
		expect(leaked).toEqual([]);
	});

	it('the check itself finds a piece when one is there', () => {
		const shown = `error near ${SECRET.slice(10, 20).toLowerCase()} here`;
		expect(pieces(SECRET).filter((piece) => shown.includes(piece)).length).toBeGreaterThan(0);
	});
});
