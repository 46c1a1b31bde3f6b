'use strict';
/**
 * The leak check every secret test uses: no 8-character piece of a secret may appear in a text, raw,
 * URL-encoded, base64-encoded (at any byte alignment, standard or URL-safe alphabet), or any of these
 * lower-cased.
 */
const PIECE = 8;

function base64Forms(secret) {
	const forms = [];
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret)]).toString('base64');
		const inner = encoded.slice(offset === 0 ? 0 : 4, encoded.length - 4);
		forms.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return forms;
}

/** The first piece of `secret` found in `text`, with the form it was found in, or undefined. */
function findSecretPiece(text, secret) {
	const haystack = String(text);
	const lower = haystack.toLowerCase();
	const forms = [
		['raw', secret, haystack],
		['URL-encoded', encodeURIComponent(secret), haystack],
		['lower-cased', secret.toLowerCase(), lower],
		['URL-encoded, lower-cased', encodeURIComponent(secret).toLowerCase(), lower],
		...base64Forms(secret).map((form) => ['base64', form, haystack]),
		// A URL's host is lower-cased by parsing; a lower-cased base64 still gives the secret away.
		...base64Forms(secret).map((form) => ['base64, lower-cased', form.toLowerCase(), lower]),
	];
	for (const [name, form, where] of forms) {
		for (let start = 0; start + PIECE <= form.length; start++) {
			const piece = form.slice(start, start + PIECE);
			if (where.includes(piece)) return { form: name, piece };
		}
	}
	return undefined;
}

/** Jest assertion: none of the secrets has a piece in the text (the message names the first found). */
function expectNoSecretPieces(text, secrets) {
	for (const secret of secrets) {
		const found = findSecretPiece(text, secret);
		if (found) {
			throw new Error(
				`A ${found.form} piece "${found.piece}" of a secret appears in: ${String(text).slice(0, 400)}`,
			);
		}
	}
}

module.exports = { findSecretPiece, expectNoSecretPieces };
