/**
 * Phone numbers read with the world's numbering plans: Google's libphonenumber data, through
 * libphonenumber-js. Which digits make a number, which trunk prefix to drop (0 in Germany, 8 in Russia,
 * 06 in Hungary, none in Italy, where the 0 is part of the number) and which area codes exist differ by
 * region and change over time, so they are data, not rules written here. tsup bundles the library
 * into dist (the package has no runtime dependency); no n8n import, so the library entry uses it too.
 *
 * The 'max' metadata, not the smaller default 'min': with 'min', `isValid()` checks only a number's
 * length (+55 99 1234567, an area code with too few digits, passes), and only a valid number may be
 * matched to a rep or handed to an SMS step.
 */
import {
	isSupportedCountry,
	parsePhoneNumberFromString,
	type CountryCode,
} from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';

export type { CountryCode };

/**
 * The region (ISO 3166 alpha-2, as libphonenumber names it) a default country setting means: a region
 * such as 'DE' (any case), or a calling code such as 49, '49' or '+49', which stands for the main
 * region of that code in libphonenumber's data (its first: 1 → US, 7 → RU, 44 → GB). Undefined for
 * anything else, including calling codes that belong to no region (+800).
 */
export function readDefaultRegion(value: unknown): CountryCode | undefined {
	if (typeof value === 'number') {
		return Number.isSafeInteger(value) ? mainRegionOf(String(value)) : undefined;
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^[A-Za-z]{2}$/.test(text)) {
		const region = text.toUpperCase() as CountryCode;
		return isSupportedCountry(region, metadata) ? region : undefined;
	}
	const code = /^\+?(\d{1,3})$/.exec(text);
	return code === null ? undefined : mainRegionOf(code[1]);
}

function mainRegionOf(callingCode: string): CountryCode | undefined {
	const regions = Object.prototype.hasOwnProperty.call(metadata.country_calling_codes, callingCode)
		? metadata.country_calling_codes[callingCode]
		: undefined;
	return regions?.[0];
}

/**
 * The number in E.164 (+4949211234567) when `phone` is one valid phone number: written with its
 * country code (+49…, or the region's international prefix, 00 49… in Germany, 011 49… in the US), or
 * without it in `region`. Undefined for anything else: text around the number, letters, an extension
 * (a desk line, not the rep's phone), a number no plan has. Without `region`, only numbers written
 * with their country code can be read.
 */
export function validE164(phone: unknown, region: CountryCode | undefined): string | undefined {
	if (typeof phone !== 'string') return undefined;
	// Whole-string parsing (extract: false): "call 0211 234567 after 5" is not a number to compare.
	const parsed = parsePhoneNumberFromString(
		phone.trim(),
		{ defaultCountry: region, extract: false },
		metadata,
	);
	if (parsed === undefined || parsed.ext !== undefined || !parsed.isValid()) return undefined;
	return parsed.number;
}
