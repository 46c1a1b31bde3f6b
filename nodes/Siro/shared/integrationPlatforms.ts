/** The CRM and data platforms Siro's integration connections name (externalApi, integrationPlatform). */
export const INTEGRATION_PLATFORMS: Readonly<Record<string, string>> = {
	AUTHENTICOM: 'Authenticom',
	CALENDAR_ONLY: 'Calendar Only',
	COMPANY_CAM: 'CompanyCam',
	FORTELLIS: 'Fortellis',
	FUNNEL: 'Funnel',
	INGAGE: 'Ingage',
	KNOCK: 'Knock',
	LEAD_PERFECTION: 'LeadPerfection',
	MERGE: 'Merge',
	SALESFORCE: 'Salesforce',
	SERVICE_TITAN: 'ServiceTitan',
	SIRO_CUSTOM_INPUT: 'Siro Custom Input',
	SOLUTION_VIEW: 'Solution View',
	SPOTIO: 'Spotio',
	YARDI_SENIOR_HOUSING: 'Yardi Senior Housing',
};

/** A platform as people read it ("ServiceTitan"); one this package does not know yet, as Siro wrote it. */
export function platformName(platform: string): string {
	return Object.prototype.hasOwnProperty.call(INTEGRATION_PLATFORMS, platform)
		? INTEGRATION_PLATFORMS[platform]
		: platform;
}
