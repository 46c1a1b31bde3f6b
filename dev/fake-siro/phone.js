'use strict';
/**
 * The fake phone: a rep's Siro app receiving record links. A tap records the mobile events the real
 * app reports (Siro's mobile-event schema: `eventCode`, `event`, `recordingId`, `createdAt`), with
 * real, strictly increasing timestamps:
 *   deeplinkReceived { fullUrl }, deeplinkConsumed { fullUrl },
 *   then for action=start: recorderStateChange { value: 'start', trigger: 'deeplink' } + a new recording
 *   (restart: a stop of the running recording first; stop: only the stop).
 * Behaviours per rep: 'tapsAndRecords' (default), 'neverTaps' (nothing recorded),
 * 'tapsWithoutRecording' (received and consumed only), 'recordsWithoutLink' (ignores the link and
 * starts a recording with the record button: Siro can only match it to an appointment by rep and time).
 */
const { requestError } = require('./errors');
const { runtimeIds } = require('./random');

const BEHAVIOURS = Object.freeze([
	'tapsAndRecords',
	'neverTaps',
	'tapsWithoutRecording',
	'recordsWithoutLink',
]);

/** Characters an app's URL library leaves raw in a query value (RFC 3986 pchar minus & = + #). */
const MINIMAL_QUERY_RAW = /[A-Za-z0-9\-._~!$'()*,;:@/?]/;

function decodeComponent(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return null;
	}
}

function encodeMinimal(text) {
	let encoded = '';
	for (const character of text) {
		encoded += MINIMAL_QUERY_RAW.test(character) ? character : encodeURIComponent(character);
	}
	return encoded;
}

/**
 * Rewrites each query parameter's name and value with `encode`, keeping their order, the way an app
 * re-serialises a URL it parsed. A piece that does not decode is kept as it came.
 */
function reencodeQuery(url, encode) {
	const queryStart = url.indexOf('?');
	if (queryStart === -1) return url;
	const hashStart = url.indexOf('#', queryStart);
	const query = hashStart === -1 ? url.slice(queryStart + 1) : url.slice(queryStart + 1, hashStart);
	const rewritten = query
		.split('&')
		.map((pair) => {
			const equals = pair.indexOf('=');
			const pieces = equals === -1 ? [pair] : [pair.slice(0, equals), pair.slice(equals + 1)];
			return pieces
				.map((piece) => {
					const decoded = decodeComponent(piece);
					return decoded === null ? piece : encode(decoded);
				})
				.join('=');
		})
		.join('&');
	return url.slice(0, queryStart + 1) + rewritten + (hashStart === -1 ? '' : url.slice(hashStart));
}

/** How the phone reports the link it got (`fullUrl`): as sent, or re-encoded as an app might. */
const FULL_URL_ENCODINGS = {
	asSent: (url) => url,
	/** Form encoding (URLSearchParams): spaces become '+', and more characters are escaped. */
	plusForSpace: (url) =>
		reencodeQuery(url, (text) => new URLSearchParams([['', text]]).toString().slice(1)),
	/** Only what a query value must escape: ':', '/', '@', ',' … stay raw, spaces become %20. */
	minimal: (url) => reencodeQuery(url, encodeMinimal),
	/** Percent escapes in lower case (%2f), as some platforms write them. */
	lowercaseHex: (url) => url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
};

/**
 * @param {{ store: ReturnType<typeof import('./fixtures').seedStore>,
 *           clock: ReturnType<typeof import('./clock').createClock>,
 *           recordings: ReturnType<typeof import('./recordings').createRecordingLifecycle> }} deps
 */
function createFakePhone({ store, clock, recordings }) {
	const behaviourByUser = new Map();
	/** user id → the recording the phone is recording now */
	const recordingNow = new Map();

	function userOf(userId) {
		if (typeof userId !== 'string' || userId === '')
			throw requestError(400, '"userId" must be a user ID');
		const user = store.users.find((entry) => entry.id === userId);
		if (!user) {
			throw requestError(404, `No user "${userId}" in the fake Siro`);
		}
		return user;
	}

	/** Events recorded in one go are uploaded together: one batch. */
	function recorderFor(user) {
		const batch = runtimeIds.uuid();
		const events = [];
		return {
			events,
			record(eventCode, event, recordingId) {
				const record = {
					id: runtimeIds.uuid(),
					userId: user.id,
					organizationId: user.organizationId,
					eventCode,
					event,
					createdAt: clock.nextIso(),
				};
				if (recordingId) record.recordingId = recordingId;
				store.mobileEvents.push(record);
				store.mobileEventBatches.set(record.id, batch);
				events.push(record);
				return record;
			},
		};
	}

	function startRecording(user, recorder, trigger, link) {
		const title = (link && link.title) || 'Untitled recording';
		const start = recorder.record('recorderStateChange', { value: 'start', trigger });
		const recording = recordings.start({
			user,
			title,
			createdAtMs: Date.parse(start.createdAt),
			link,
		});
		start.recordingId = recording.id;
		recordingNow.set(user.id, recording.id);
		return recording.id;
	}

	function stopRecording(user, recorder, trigger) {
		const recordingId = recordingNow.get(user.id);
		if (!recordingId) return;
		const stop = recorder.record('recorderStateChange', { value: 'stop', trigger }, recordingId);
		recordings.stop(recordingId, Date.parse(stop.createdAt));
		recordingNow.delete(user.id);
	}

	return {
		setBehaviour(userId, behaviour) {
			userOf(userId);
			if (!BEHAVIOURS.includes(behaviour))
				throw requestError(400, `"behaviour" must be one of ${BEHAVIOURS.join(', ')}`);
			behaviourByUser.set(userId, behaviour);
			return { userId, behaviour };
		},

		behaviourOf(userId) {
			return behaviourByUser.get(userId) || 'tapsAndRecords';
		},

		/** Every rep back to 'tapsAndRecords'. */
		resetBehaviours() {
			behaviourByUser.clear();
		},

		/**
		 * The rep `userId` gets `url` on the phone. `fullUrlEncoding` says how the app reports it
		 * (asSent, plusForSpace, minimal, lowercaseHex). Returns the events recorded and the new
		 * recording's ID (null when none started).
		 * @param {{ userId: string, url: string, fullUrlEncoding?: string }} tap
		 */
		tap({ userId, url, fullUrlEncoding = 'asSent' } = {}) {
			const user = userOf(userId);
			if (typeof url !== 'string' || !URL.canParse(url))
				throw requestError(400, '"url" must be an absolute URL');
			if (!Object.prototype.hasOwnProperty.call(FULL_URL_ENCODINGS, fullUrlEncoding))
				throw requestError(
					400,
					`"fullUrlEncoding" must be one of ${Object.keys(FULL_URL_ENCODINGS).join(', ')}`,
				);
			const behaviour = this.behaviourOf(userId);
			const recorder = recorderFor(user);
			let recordingId = null;
			if (behaviour === 'recordsWithoutLink') {
				const title = new URL(url).searchParams.get('title');
				recordingId = startRecording(user, recorder, 'buttonPress', title ? { title } : undefined);
				return { userId, behaviour, events: recorder.events, recordingId };
			}
			if (behaviour !== 'neverTaps') {
				const fullUrl = FULL_URL_ENCODINGS[fullUrlEncoding](url);
				recorder.record('deeplinkReceived', { fullUrl });
				recorder.record('deeplinkConsumed', { fullUrl });
			}
			if (behaviour === 'tapsAndRecords') {
				// The app reads the parameters as its URL parser gives them.
				const parameters = new URL(url).searchParams;
				const action = parameters.get('action');
				if (action === 'stop' || action === 'restart') stopRecording(user, recorder, 'deeplink');
				if (action === 'start' || action === 'restart')
					recordingId = startRecording(user, recorder, 'deeplink', Object.fromEntries(parameters));
			}
			return { userId, behaviour, events: recorder.events, recordingId };
		},

		/** The rep starts a recording by hand (trigger 'buttonPress'), not from a link. */
		pressRecordButton({ userId, title } = {}) {
			const user = userOf(userId);
			const recorder = recorderFor(user);
			const recordingId = startRecording(
				user,
				recorder,
				'buttonPress',
				title ? { title } : undefined,
			);
			return { userId, events: recorder.events, recordingId };
		},
	};
}

module.exports = { createFakePhone };
