/**
 * Siro's record deep-link rules as data: the one place that says which parameters exist, in which
 * order they are written, and which actions accept them.
 */

export const RECORD_LINK_BASE = 'https://app.siro.ai/record';

export const RECORD_ACTIONS = ['start', 'stop', 'restart'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** The seed's prose list omits Contact, but its TypeScript type includes it, and so do we. */
export const CRM_OBJECT_TYPES = [
	'Lead',
	'Account',
	'Contact',
	'Opportunity',
	'Engagement',
	'Event',
	'ServiceAppointment',
] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];

/** Fixed write order; a link built twice from the same input is byte-for-byte the same. */
export const PARAMETER_ORDER = [
	'action',
	'title',
	'conversationType',
	'integrationConnectionId',
	'crmObjects',
	'opportunityId',
	'redirectUrl',
] as const;
export type RecordLinkParameter = (typeof PARAMETER_ORDER)[number];

/** Siro ignores a parameter on an action it does not apply to, so we refuse it instead. */
export const ACTIONS_ACCEPTING: Record<
	Exclude<RecordLinkParameter, 'action'>,
	readonly RecordAction[]
> = {
	title: ['start'],
	conversationType: ['start', 'restart'],
	integrationConnectionId: ['start', 'restart'],
	crmObjects: ['start', 'restart'],
	opportunityId: ['start', 'restart'],
	redirectUrl: ['start', 'stop', 'restart'],
};

/** Schemes that would run code or read local files when the app follows the redirect. */
export const REFUSED_REDIRECT_SCHEMES = ['javascript:', 'data:', 'vbscript:', 'file:'] as const;

export const LINK_LENGTH = {
	/** Long SMS messages split, and some SMS apps stop linking the URL. */
	warnAbove: 300,
	/** Many email, calendar and chat clients cut or refuse links this long. */
	stronglyWarnAbove: 2000,
	/** Past this, mobile OS link handlers and browsers are known to drop the URL. */
	refuseAbove: 8000,
} as const;

/** A conversationType UUID, any version, either case; as text so that n8n's UI validation can use it too. */
export const UUID_REGEX_SOURCE =
	'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const UUID_PATTERN = new RegExp(`^${UUID_REGEX_SOURCE}$`);
