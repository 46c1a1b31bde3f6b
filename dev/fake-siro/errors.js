'use strict';
/**
 * An error a control call (JS or HTTP) reports to its caller: the HTTP control routes answer it as
 * `status` {error: message}; in JS it is thrown as is.
 */
function requestError(status, message) {
	return Object.assign(new Error(message), { status });
}

module.exports = { requestError };
