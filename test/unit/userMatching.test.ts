/** Finding users locally (SPEC "User": e-mail case-insensitive exact, phone as E.164 digits, external ID). */
import type { SiroUser } from '../../nodes/Siro/client';
import {
	countryCallingCode,
	describeUser,
	e164Digits,
	smsPhoneNumber,
	UserDirectory,
} from '../../nodes/Siro/shared/userMatching';

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

describe('e164Digits', () => {
	it.each([
		['+12125550100', '12125550100'],
		['+1 212 555 0100', '12125550100'],
		['+1 (212) 555-0100', '12125550100'],
		['(212) 555-0100', '12125550100'],
		['212-555-0100', '12125550100'],
		['212.555.0100', '12125550100'],
		['1-212-555-0100', '12125550100'],
		['001 212 555 0100', '12125550100'],
		[' 212 555 0100 ', '12125550100'],
		[2125550100, '12125550100'],
	])('reads %p as %p in country code 1', (phone, digits) => {
		expect(e164Digits(phone, '1')).toBe(digits);
	});

	it('reads national numbers in the US and Canada only as ten digits, never from a trunk 0', () => {
		expect(e164Digits('15125550103', '1')).toBe('15125550103');
		// A UK number written nationally is no NANP number, however many digits it has.
		expect(e164Digits('020 7946 0112', '1')).toBeUndefined();
		expect(e164Digits('(012) 555-0100', '1')).toBeUndefined(); // no area code starts with 0 or 1
		expect(e164Digits('212 055 0100', '1')).toBeUndefined(); // nor an exchange
		expect(e164Digits('555 0100', '1')).toBeUndefined();
	});

	it('reads national numbers in the default country code, dropping the trunk 0', () => {
		expect(e164Digits('020 7946 0112', '44')).toBe('442079460112');
		expect(e164Digits('+44 20 7946 0112', '1')).toBe('442079460112');
		expect(e164Digits('+44 (0)20 7946 0112', '1')).toBe('442079460112');
	});

	it.each([
		null,
		undefined,
		'',
		'n/a',
		'555-CALL-NOW',
		'+1 212 555 0100 ext. 4',
		'12345',
		'+1234567890123456',
		2.5,
		{},
	])('is undefined for %p', (phone) => {
		expect(e164Digits(phone, '1')).toBeUndefined();
	});
});

describe('smsPhoneNumber', () => {
	it('writes a number it can read in E.164 and leaves any other as Siro has it', () => {
		expect(smsPhoneNumber('(312) 555-0101', '1')).toBe('+13125550101');
		expect(smsPhoneNumber('+44 20 7946 0112', '1')).toBe('+442079460112');
		expect(smsPhoneNumber('020 7946 0112', '44')).toBe('+442079460112');
		expect(smsPhoneNumber('020 7946 0112', '1')).toBe('020 7946 0112');
		expect(smsPhoneNumber('front desk', '1')).toBe('front desk');
		expect(smsPhoneNumber(null, '1')).toBeNull();
	});
});

describe('countryCallingCode', () => {
	it.each([
		['1', '1'],
		['+44', '44'],
		[' 351 ', '351'],
		[49, '49'],
	])('reads %p', (value, code) => {
		expect(countryCallingCode(value)).toBe(code);
	});

	it.each(['', '0', '1234', '+', 'US', null, 1.5])('refuses %p', (value) => {
		expect(countryCallingCode(value)).toBeUndefined();
	});
});

describe('UserDirectory.find', () => {
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
	const directory = new UserDirectory([
		avery,
		priya,
		jordanA,
		jordanB,
		dana,
		olivia,
		user('u-empty'),
	]);

	it('finds by e-mail in any case, exactly (no partial match, spaces around ignored)', () => {
		expect(directory.find('email', 'avery.morgan@example.com')).toEqual({ found: avery });
		expect(directory.find('email', '  AVERY.MORGAN@EXAMPLE.COM ')).toEqual({ found: avery });
		expect(directory.find('email', 'avery.morgan@example')).toEqual({
			notFound: true,
			onlyDisabled: [],
		});
	});

	it('finds by phone whatever its format', () => {
		for (const phone of ['212-555-0100', '+1 (212) 555 0100', '12125550100']) {
			expect(directory.find('phoneNumber', phone)).toEqual({ found: avery });
		}
		expect(directory.find('phoneNumber', '+1 312 555 0101')).toEqual({ found: priya });
		expect(directory.find('phoneNumber', '020 7946 0112', { defaultCountryCode: '44' })).toEqual({
			found: olivia,
		});
		// In country code 44, Priya's national (312) 555-0101 is a UK number: no longer the US one.
		expect(directory.find('phoneNumber', '+1 312 555 0101', { defaultCountryCode: '44' })).toEqual({
			notFound: true,
			onlyDisabled: [],
		});
		expect(directory.find('phoneNumber', 'not a phone')).toEqual({
			notFound: true,
			onlyDisabled: [],
		});
	});

	it('finds by external ID exactly', () => {
		expect(directory.find('externalId', '005A')).toEqual({ found: avery });
		expect(directory.find('externalId', '005a')).toEqual({ notFound: true, onlyDisabled: [] });
	});

	it('reports every user an e-mail matches when it is ambiguous', () => {
		expect(directory.find('email', 'JORDAN.LEE@example.com')).toEqual({
			ambiguous: [jordanA, jordanB],
		});
	});

	it('skips disabled users unless asked, and says when only disabled ones matched', () => {
		expect(directory.find('email', 'dana@example.com')).toEqual({
			notFound: true,
			onlyDisabled: [dana],
		});
		expect(directory.find('externalId', '005D', { includeDisabled: true })).toEqual({
			found: dana,
		});
	});

	it('describes users for messages without a missing name or e-mail showing as null', () => {
		expect(describeUser(avery)).toBe('Avery Morgan <Avery.Morgan@Example.com> (ID u-avery)');
		expect(describeUser(dana)).toBe('<dana@example.com> (ID u-dana, disabled)');
		expect(describeUser(user('u-empty'))).toBe('(ID u-empty)');
	});
});
