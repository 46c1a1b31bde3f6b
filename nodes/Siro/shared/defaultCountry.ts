/** A Default Country parameter (User outputs and Find, Recording → Upload) read as a region. */
import { ItemInputError } from './nodeErrors';
import { readDefaultRegion, type CountryCode } from './phoneNumbers';

/** The region `given` means (an ISO code or a calling code), or an error naming `field`. */
export function readDefaultCountryParameter(given: unknown, field: string): CountryCode {
	const region = readDefaultRegion(given);
	if (region === undefined) {
		throw new ItemInputError(
			field,
			`Default Country ${JSON.stringify(given)?.slice(0, 40)} is not a country or a country calling code.`,
			'Set it to a two-letter ISO code such as US, GB or DE, or a calling code such as 1 or 49.',
		);
	}
	return region;
}
