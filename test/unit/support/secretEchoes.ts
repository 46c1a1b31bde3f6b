/**
 * Issue 16 item 2: the ways a minting answer can echo the OAuth app's client secret, as the fake
 * Siro's `echoToken` fault with `secret: 'clientSecret'` gives them — every error status Siro uses
 * for minting, every spelling, in every place of the answer; and a redirect whose host is the secret.
 */

/** Only host-safe characters, so that a Location host can hold the whole of it. */
export const ECHOED_CLIENT_SECRET = 'cs-Hx7Kq2Lm9Vb4Nc8Wd3Zf6Jt1Rp5';

export interface SecretEcho {
	status: number;
	encoding: 'raw' | 'urlencoded' | 'base64' | 'lowercase';
	in: 'error' | 'text' | 'issues' | 'location';
}

const ENCODINGS: SecretEcho['encoding'][] = ['raw', 'urlencoded', 'base64', 'lowercase'];

export const CLIENT_SECRET_ECHOES: SecretEcho[] = [
	...[400, 404, 422, 500].flatMap((status) =>
		ENCODINGS.flatMap((encoding) =>
			(['error', 'text', 'issues'] as const).map((place) => ({ status, encoding, in: place })),
		),
	),
	...ENCODINGS.map((encoding) => ({ status: 302, encoding, in: 'location' as const })),
];

export const echoName = ({ status, encoding, in: place }: SecretEcho) =>
	`${status} ${encoding} in ${place}`;
