/**
 * Find User's rule as the library exports it, `findSiroUser` (SPEC "User", "The library, more"; issue
 * 16 items 1 and 8): e-mail exact with only the ASCII letters folded, phone numbers equal only as
 * valid E.164 under libphonenumber's numbering plans, external ID exact, and bad input named.
 */
import fc from 'fast-check';
import {
	getCountries,
	getCountryCallingCode,
	getExampleNumber,
	parsePhoneNumberFromString,
	type CountryCode,
	type PhoneNumber,
} from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';
import examples from 'libphonenumber-js/mobile/examples';

import { findSiroUser, FindSiroUserError, type SiroUser } from '../../index';
import { readDefaultRegion, validE164 } from '../../nodes/Siro/shared/phoneNumbers';
import { describeUser } from '../../nodes/Siro/shared/userMatching';

function user(id: string, fields: Partial<SiroUser> = {}): SiroUser {
	return {
		id,
		email: null,
		organizationId: 'org-1',
		phoneNumber: null,
		firstName: null,
		lastName: null,
		memberTeamId: null,
		externalId: null,
		disabled: false,
		...fields,
	};
}

const notFound = { status: 'notFound', disabled: [] };

describe('readDefaultRegion', () => {
	it.each([
		['DE', 'DE'],
		[' gb ', 'GB'],
		['CA', 'CA'],
		// A calling code is its main region in libphonenumber's data, whatever else shares it.
		[1, 'US'],
		['1', 'US'],
		['+44', 'GB'],
		[' 49 ', 'DE'],
		[7, 'RU'],
		['39', 'IT'],
		[55, 'BR'],
	])('reads %p as %p', (value, region) => {
		expect(readDefaultRegion(value)).toBe(region);
	});

	it.each(['', 'XX', 'USA', 'U S', '0', '+', '800', '1234', 1.5, -49, null, undefined, {}, ['DE']])(
		'refuses %p',
		(value) => {
			expect(readDefaultRegion(value)).toBeUndefined();
		},
	);
});

describe('validE164', () => {
	it.each([
		['+12125550100', 'US', '+12125550100'],
		['(212) 555-0100', 'US', '+12125550100'],
		['212.555.0100', 'US', '+12125550100'],
		['1-212-555-0100', 'US', '+12125550100'],
		[' 212 555 0100 ', 'US', '+12125550100'],
		['011 49 211 234567', 'US', '+49211234567'], // the US international prefix
		['0049 211 234567', 'DE', '+49211234567'], // Germany's
		['+44 (0)20 7946 0112', 'US', '+442079460112'],
		['020 7946 0112', 'GB', '+442079460112'],
		['(416) 555-0199', 'US', '+14165550199'], // Canada, read in the US: same plan
		['01534 123456', 'GB', '+441534123456'], // Jersey, read in the UK
		['8 701 123 4567', 'RU', '+77011234567'], // Kazakhstan, read in Russia
	] as const)('reads %p in %s as %s', (phone, region, e164) => {
		expect(validE164(phone, region)).toBe(e164);
	});

	it('reads the issue-16 numbers by their own plans', () => {
		expect(validE164('04921 1234567', 'DE')).toBe('+4949211234567'); // Emden: 4921 is its area code
		expect(validE164('0211 234567', 'DE')).toBe('+49211234567'); // Düsseldorf
		expect(validE164('06 1234 5678', 'IT')).toBe('+390612345678'); // Italy keeps the 0
		expect(validE164('(55) 99123-4567', 'BR')).toBe('+5555991234567'); // Brazil, area code 55
		expect(validE164('8 (495) 123-45-67', 'RU')).toBe('+74951234567'); // Russia's trunk 8
		expect(validE164('06 1 234 5678', 'HU')).toBe('+3612345678'); // Hungary's trunk 06
	});

	it.each([
		[null, 'US'],
		[undefined, 'US'],
		[2125550100, 'US'], // a number, not text: digits may already be lost
		['', 'US'],
		['n/a', 'US'],
		['555-CALL-NOW', 'US'],
		['+1 212 555 0100 ext. 4', 'US'], // a desk line, not the rep's phone
		['call 212 555 0100', 'US'],
		['12345', 'US'],
		['+1 999 555 0000', 'US'], // no area code 999
		['020 7946 0112', 'US'], // a UK number written nationally is no US number
		['0049 211 234567', 'US'], // 00 is not the US international prefix
		['+39 612345678', 'IT'], // too short for Italy
		['+55 991234567', 'BR'], // an area code with too few digits ('min' metadata takes it)
		['0211 234567', undefined], // national, and no country to read it in
	] as const)('is undefined for %p in %s', (phone, region) => {
		expect(validE164(phone, region)).toBeUndefined();
	});
});

describe('findSiroUser by phone: the issue-16 cases', () => {
	const emden = user('u-emden', { phoneNumber: '04921 1234567' });

	it('does not take a Düsseldorf number for the Emden rep, and finds the Emden rep by their own', () => {
		for (const defaultCountry of [49, '49', '+49', 'DE', 'de']) {
			for (const dusseldorf of ['0211 234567', '+49 211 234567']) {
				expect(findSiroUser([emden], { by: 'phone', value: dusseldorf, defaultCountry })).toEqual(
					notFound,
				);
			}
			for (const own of ['+49 4921 1234567', '04921 1234567', '0049 4921 1234567']) {
				expect(findSiroUser([emden], { by: 'phone', value: own, defaultCountry })).toEqual({
					status: 'found',
					user: emden,
				});
			}
		}
	});

	it('finds each of two reps in one directory by their own number only', () => {
		const dusseldorf = user('u-dusseldorf', { phoneNumber: '+49 211 234567' });
		const users = [emden, dusseldorf];
		const find = (value: string) =>
			findSiroUser(users, { by: 'phone', value, defaultCountry: 'DE' });
		expect(find('0211 234567')).toEqual({ status: 'found', user: dusseldorf });
		expect(find('+4949211234567')).toEqual({ status: 'found', user: emden });
	});

	it('keeps the 0 of an Italian number, and does not make a pair that differs by it ambiguous', () => {
		const rome = user('u-rome', { phoneNumber: '06 1234 5678' });
		const notANumber = user('u-short', { phoneNumber: '+39 612345678' });
		const users = [rome, notANumber];
		for (const value of ['06 1234 5678', '+39 06 1234 5678', '+390612345678']) {
			expect(findSiroUser(users, { by: 'phone', value, defaultCountry: 39 })).toEqual({
				status: 'found',
				user: rome,
			});
		}
		expect(findSiroUser(users, { by: 'phone', value: '+39612345678', defaultCountry: 39 })).toEqual(
			notFound,
		);
	});

	it('reads Brazil’s area code 55 as an area code, and does not make a pair ambiguous', () => {
		const santaMaria = user('u-santa-maria', { phoneNumber: '(55) 99123-4567' });
		const notANumber = user('u-short', { phoneNumber: '+55 991234567' });
		const users = [santaMaria, notANumber];
		for (const value of ['(55) 99123-4567', '+55 55 99123 4567']) {
			expect(findSiroUser(users, { by: 'phone', value, defaultCountry: 'BR' })).toEqual({
				status: 'found',
				user: santaMaria,
			});
		}
		expect(findSiroUser(users, { by: 'phone', value: '+55991234567', defaultCountry: 55 })).toEqual(
			notFound,
		);
	});

	it('drops Russia’s trunk 8 and Hungary’s trunk 06', () => {
		const moscow = user('u-moscow', { phoneNumber: '8 (495) 123-45-67' });
		expect(
			findSiroUser([moscow], { by: 'phone', value: '+7 495 123 45 67', defaultCountry: 7 }),
		).toEqual({ status: 'found', user: moscow });
		const budapest = user('u-budapest', { phoneNumber: '06 1 234 5678' });
		expect(
			findSiroUser([budapest], { by: 'phone', value: '+36 1 234 5678', defaultCountry: 'HU' }),
		).toEqual({ status: 'found', user: budapest });
	});

	it('never matches a number that is not valid, not even to the same text', () => {
		const broken = user('u-broken', { phoneNumber: '+1 999 555 0000' });
		expect(findSiroUser([broken], { by: 'phone', value: '+1 999 555 0000' })).toEqual(notFound);
		expect(findSiroUser([broken], { by: 'phone', value: '+19995550000' })).toEqual(notFound);
	});

	it('reads national numbers only with a default country', () => {
		const dusseldorf = user('u-dusseldorf', { phoneNumber: '0211 234567' });
		expect(findSiroUser([dusseldorf], { by: 'phone', value: '+49 211 234567' })).toEqual(notFound);
		expect(
			findSiroUser([dusseldorf], { by: 'phone', value: '+49 211 234567', defaultCountry: 'DE' }),
		).toEqual({ status: 'found', user: dusseldorf });
	});
});

describe('findSiroUser by e-mail: only ASCII letters fold', () => {
	const kate = user('u-kate', { email: 'kate@example.com' });
	const sam = user('u-sam', { email: 'sam@example.com' });
	const ida = user('u-ida', { email: 'ida@example.com' });
	const users = [kate, sam, ida];
	const find = (value: string) => findSiroUser(users, { by: 'email', value });

	it('finds an address in any ASCII case', () => {
		expect(find(' KATE@Example.COM ')).toEqual({ status: 'found', user: kate });
		expect(find('SAM@EXAMPLE.COM')).toEqual({ status: 'found', user: sam });
		expect(find('IDA@example.com')).toEqual({ status: 'found', user: ida });
	});

	it.each([
		['\u212Aate@example.com', 'the Kelvin sign K (U+212A), which lower-cases to k'],
		['\u017Fam@example.com', 'the long s ſ (U+017F), which upper-cases to S'],
		['\u0130da@example.com', 'the dotted capital İ (U+0130), which lower-cases to i̇'],
		['\u0131da@example.com', 'the dotless ı (U+0131), which upper-cases to I'],
		['kate@example.\u212Aom', 'a Kelvin sign in the domain'],
	])('does not take %p for an ASCII address (%s)', (value) => {
		expect(find(value)).toEqual(notFound);
	});

	it('does not fold a stored Unicode address to ASCII either', () => {
		const kelvin = user('u-kelvin', { email: '\u212Aate@example.com' });
		expect(findSiroUser([kelvin], { by: 'email', value: 'kate@example.com' })).toEqual(notFound);
		expect(findSiroUser([kelvin], { by: 'email', value: '\u212Aate@EXAMPLE.com' })).toEqual({
			status: 'found',
			user: kelvin,
		});
	});
});

describe('findSiroUser', () => {
	const avery = user('u-avery', {
		email: 'Avery.Morgan@Example.com',
		phoneNumber: '+12125550100',
		externalId: '005A',
		firstName: 'Avery',
		lastName: 'Morgan',
	});
	const priya = user('u-priya', { email: 'priya@example.com', phoneNumber: '(312) 555-0101' });
	const jordanA = user('u-jordan-a', { email: 'Jordan.Lee@Example.com' });
	const jordanB = user('u-jordan-b', { email: 'jordan.lee@example.com' });
	const dana = user('u-dana', { email: 'dana@example.com', externalId: '005D', disabled: true });
	const olivia = user('u-olivia', { phoneNumber: '+44 20 7946 0112' });
	const users = [avery, priya, jordanA, jordanB, dana, olivia, user('u-empty')];

	it('finds by e-mail exactly (no partial match, spaces around ignored)', () => {
		expect(findSiroUser(users, { by: 'email', value: 'avery.morgan@example.com' })).toEqual({
			status: 'found',
			user: avery,
		});
		expect(findSiroUser(users, { by: 'email', value: 'avery.morgan@example' })).toEqual(notFound);
	});

	it('finds by phone whatever its format', () => {
		for (const value of ['212-555-0100', '+1 (212) 555 0100', '12125550100']) {
			expect(findSiroUser(users, { by: 'phone', value, defaultCountry: 'US' })).toEqual({
				status: 'found',
				user: avery,
			});
		}
		expect(
			findSiroUser(users, { by: 'phone', value: '020 7946 0112', defaultCountry: 44 }),
		).toEqual({ status: 'found', user: olivia });
		// In the UK, Priya's national (312) 555-0101 is no number at all: she is not found.
		expect(
			findSiroUser(users, { by: 'phone', value: '+1 312 555 0101', defaultCountry: 'GB' }),
		).toEqual(notFound);
		expect(findSiroUser(users, { by: 'phone', value: 'not a phone', defaultCountry: 1 })).toEqual(
			notFound,
		);
	});

	it('finds by external ID exactly', () => {
		expect(findSiroUser(users, { by: 'externalId', value: '005A' })).toEqual({
			status: 'found',
			user: avery,
		});
		expect(findSiroUser(users, { by: 'externalId', value: '005a' })).toEqual(notFound);
	});

	it('reports every user a search matches when it is ambiguous', () => {
		expect(findSiroUser(users, { by: 'email', value: 'JORDAN.LEE@example.com' })).toEqual({
			status: 'ambiguous',
			users: [jordanA, jordanB],
		});
		const twin = user('u-twin', { phoneNumber: '212 555 0100' });
		expect(
			findSiroUser([...users, twin], { by: 'phone', value: '+12125550100', defaultCountry: 1 }),
		).toEqual({ status: 'ambiguous', users: [avery, twin] });
	});

	it('skips disabled users unless asked, and says when only disabled ones matched', () => {
		expect(findSiroUser(users, { by: 'email', value: 'dana@example.com' })).toEqual({
			status: 'notFound',
			disabled: [dana],
		});
		expect(findSiroUser(users, { by: 'externalId', value: '005D', includeDisabled: true })).toEqual(
			{ status: 'found', user: dana },
		);
	});

	it('reads only the users’ and the query’s own fields', () => {
		const inherited = Object.create({ email: 'avery.morgan@example.com' }) as SiroUser;
		inherited.id = 'u-inherited';
		expect(findSiroUser([inherited], { by: 'email', value: 'avery.morgan@example.com' })).toEqual(
			notFound,
		);
		const query = Object.create({ by: 'email', value: 'avery.morgan@example.com' });
		expect(() => findSiroUser(users, query)).toThrow(expect.objectContaining({ field: 'by' }));

		// A hole in the list is not filled from Array.prototype (polluted only around the call).
		const holey: SiroUser[] = [];
		holey.length = 1;
		let thrown: unknown;
		Object.defineProperty(Array.prototype, '0', { value: avery, configurable: true });
		try {
			findSiroUser(holey, { by: 'email', value: 'avery.morgan@example.com' });
		} catch (error) {
			thrown = error;
		} finally {
			delete (Array.prototype as unknown as Record<string, unknown>)[0];
		}
		expect(thrown).toMatchObject({ name: 'FindSiroUserError', field: 'users[0]' });
	});

	it.each([
		[[null], {}, 'users[0]', /users\[0\] is null, not a Siro user/],
		[[avery, 'u-2'], {}, 'users[1]', /users\[1\] is "u-2"/],
		[Object.assign([], { 1: avery }), {}, 'users[0]', /users\[0\] is undefined/], // a hole
		['u-1', {}, 'users', /users is "u-1", not a list/],
		[users, { by: 'name' }, 'by', /by is "name": use 'email', 'phone' or 'externalId'/],
		[
			users,
			{ value: undefined },
			'value',
			/value is undefined: give the email to look for as text/,
		],
		[users, { value: '  ' }, 'value', /value is "  "/],
		[users, { value: 12 }, 'value', /value is 12/],
		[
			users,
			{ defaultCountry: 'Germany' },
			'defaultCountry',
			/defaultCountry is "Germany": give an ISO 3166 region/,
		],
		[users, { defaultCountry: 800 }, 'defaultCountry', /defaultCountry is 800/],
		[
			users,
			{ includeDisabled: 'yes' },
			'includeDisabled',
			/includeDisabled is "yes", not true or false/,
		],
	])('refuses bad input, naming the field (%#)', (list, change, field, message) => {
		const query = { by: 'email', value: 'dana@example.com', ...change };
		let thrown: unknown;
		try {
			findSiroUser(list as SiroUser[], query as never);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(FindSiroUserError);
		expect(thrown).toMatchObject({ name: 'FindSiroUserError', field, message });
	});

	it('describes users for messages without a missing name or e-mail showing as null', () => {
		expect(describeUser(avery)).toBe('Avery Morgan <Avery.Morgan@Example.com> (ID u-avery)');
		expect(describeUser(dana)).toBe('<dana@example.com> (ID u-dana, disabled)');
		expect(describeUser(user('u-empty'))).toBe('(ID u-empty)');
	});
});

/**
 * The property behind "never text the wrong rep": reps with random valid numbers from every region
 * libphonenumber knows (its example numbers and variants of them), stored in international or, for
 * numbers of the organization's own plan, national form, next to reps whose stored number is not
 * valid. A search for a rep's number, written in any of the usual ways, finds exactly that rep or
 * nobody, never another (and always that rep unless an international dialling prefix is involved); a
 * search for a valid number no rep has finds nobody; a rep whose number is not valid is never found.
 */
describe('findSiroUser by phone, property: each search finds exactly its own rep or nobody', () => {
	const REGIONS = getCountries(metadata);

	function example(region: CountryCode): PhoneNumber {
		const number = getExampleNumber(region, examples, metadata);
		if (number === undefined) throw new Error(`libphonenumber has no example number for ${region}`);
		return number;
	}

	/** The number `+<code><national digits>` when it is valid, else undefined. */
	function validNumber(callingCode: string, nationalDigits: string): PhoneNumber | undefined {
		const number = parsePhoneNumberFromString(`+${callingCode}${nationalDigits}`, metadata);
		return number?.isValid() ? number : undefined;
	}

	/** A region's example number with its last digits replaced, when that is still a valid number. */
	const aValidNumber: fc.Arbitrary<PhoneNumber> = fc
		.tuple(fc.constantFrom(...REGIONS), fc.stringMatching(/^[0-9]{0,4}$/))
		.map(([region, tail]) => {
			const { countryCallingCode, nationalNumber } = example(region);
			const digits = `${nationalNumber.slice(0, Math.max(0, nationalNumber.length - tail.length))}${tail}`;
			return validNumber(countryCallingCode, digits) ?? example(region);
		});

	/** A number that is not valid: a valid one with a digit cut or added (when that makes it invalid). */
	const anInvalidNumber: fc.Arbitrary<string | undefined> = fc
		.tuple(aValidNumber, fc.boolean())
		.map(([number, cut]) => {
			const digits = cut ? number.nationalNumber.slice(0, -1) : `${number.nationalNumber}5`;
			return validNumber(number.countryCallingCode, digits) === undefined
				? `+${number.countryCallingCode} ${digits}`
				: undefined;
		});

	type Form = 'E.164' | 'INTERNATIONAL' | 'NATIONAL' | 'IDD' | 'SPACED';

	/** The number as someone in `region` might write it; undefined when that form does not exist. */
	function written(number: PhoneNumber, form: Form, region: CountryCode): string | undefined {
		if (form === 'IDD') return number.format('IDD', { fromCountry: region });
		if (form === 'SPACED') return number.number.replace(/(\d{3})(?=\d)/g, '$1 ').replace('+', '+ ');
		return number.format(form);
	}

	/** Whether a number written nationally can be read in `region`: the same plan (calling code). */
	const samePlan = (number: PhoneNumber, region: CountryCode) =>
		number.countryCallingCode === getCountryCallingCode(region, metadata);

	const FORMS: Form[] = ['E.164', 'INTERNATIONAL', 'NATIONAL', 'IDD', 'SPACED'];

	it('holds for random directories, default countries and written forms', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(aValidNumber, { minLength: 1, maxLength: 12, selector: (n) => n.number }),
				fc.array(anInvalidNumber, { maxLength: 4 }),
				fc.constantFrom(...REGIONS),
				fc.array(fc.constantFrom(...FORMS), { minLength: 12, maxLength: 12 }),
				fc.constantFrom(...FORMS),
				aValidNumber,
				(numbers, invalid, defaultCountry, storedForms, searchForm, stranger) => {
					const reps = numbers.map((number, index) => {
						const form = storedForms[index];
						const stored =
							(form !== 'NATIONAL' || samePlan(number, defaultCountry)) &&
							written(number, form, defaultCountry);
						return user(`u-${index}`, { phoneNumber: stored || number.number });
					});
					const broken = invalid
						.filter((phone): phone is string => phone !== undefined)
						.map((phone, index) => user(`u-broken-${index}`, { phoneNumber: phone }));
					const users = [...reps, ...broken];
					const find = (value: string) =>
						findSiroUser(users, { by: 'phone', value, defaultCountry });

					numbers.forEach((number, index) => {
						const search = written(number, searchForm, defaultCountry);
						if (search === undefined) return;
						// Another plan's national number is, read here, this plan's number with those digits.
						const meant =
							searchForm !== 'NATIONAL' || samePlan(number, defaultCountry)
								? number.number
								: parsePhoneNumberFromString(search, defaultCountry, metadata)?.number;
						const owner = numbers.findIndex((other) => other.number === meant);
						const result = find(search);
						const context = { search, defaultCountry, stored: reps[owner]?.phoneNumber };
						// Never another rep (nor two): the one whose number was meant, or nobody.
						expect({ ...context, result }).toEqual({
							...context,
							result:
								owner === -1 || result.status === 'notFound'
									? notFound
									: { status: 'found', user: reps[owner] },
						});
						// And nobody lost, except behind an international dialling prefix, which can be
						// ambiguous (in Hong Kong 002 is one: "00 247 40101" is not Ascension there).
						if (owner === index && searchForm !== 'IDD' && storedForms[index] !== 'IDD') {
							expect({ ...context, result }).toEqual({
								...context,
								result: { status: 'found', user: reps[index] },
							});
						}
					});
					if (!numbers.some((number) => number.number === stranger.number)) {
						expect(find(stranger.number)).toEqual(notFound);
					}
					for (const rep of broken) {
						expect(find(rep.phoneNumber!)).toEqual(notFound);
					}
				},
			),
			{ numRuns: 300 },
		);
	});

	it('has an example number for every region it draws from', () => {
		expect(REGIONS.length).toBeGreaterThan(240);
		for (const region of REGIONS) expect(example(region).isValid()).toBe(true);
	});
});
