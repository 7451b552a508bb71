// A failed call as a component receives it from Apex (an AuraHandledException's message in body).
export function apexError(status, message) {
    return { status, statusText: '', body: { message: message ?? null } };
}
