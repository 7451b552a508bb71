/** The people, companies and case wording a demo org is made of. */
export const FIRST_NAMES = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Lucas', 'Mia', 'Mason', 'Wei', 'Mei', 'Hiro', 'Yuki', 'Lena', 'Jonas', 'Chloé', 'Hugo', 'Priya', 'Arjun'] as const;
export const LAST_NAMES = ['Smith', 'Johnson', 'Garcia', 'Brown', 'Miller', 'Davis', 'Wang', 'Li', 'Zhang', 'Sato', 'Müller', 'Schmidt', 'Martin', 'Bernard', 'Patel', 'Singh', 'Rossi', 'Kowalski', 'Nguyen', 'Silva'] as const;
export const COMPANY_NAMES = ['Acme Corporation', 'Globex', 'Initech', 'Umbrella Retail', 'Stark Supplies', 'Wayne Goods', 'Hooli', 'Vandelay Imports', 'Soylent Foods', 'Tyrell Trading', 'Wonka Sweets', 'Cyberdyne Music'] as const;
export const INDUSTRIES = ['Retail', 'Technology', 'Manufacturing', 'Media', 'Food & Beverage'] as const;
export const COUNTRIES = ['United States', 'United States', 'United States', 'Canada', 'United Kingdom', 'Germany', 'France', 'China', 'Japan'] as const;

/** Subject and description of each kind of case. */
export const CASES = [
  ['Order arrived damaged', 'The package came today and the case was cracked. Can you send a replacement?'],
  ['Wrong item shipped', 'I ordered the deluxe edition but received the standard one.'],
  ['Refund not received', 'I returned the item three weeks ago and still have not been refunded.'],
  ['Question about my invoice', 'The invoice shows a charge I do not recognise.'],
  ['Delivery is late', 'Tracking has not moved for a week. When will it arrive?'],
  ['Cannot log in to my account', 'The password reset e-mail never arrives.'],
  ['Request to change shipping address', 'Please ship my order to my office instead of my home.'],
  ['Product stopped working', 'It worked for two days and now it does not turn on.'],
] as const;

export const OPEN_CASE_STATUSES = ['New', 'Working', 'Waiting on Customer', 'Escalated'] as const;
export const CASE_ORIGINS = ['Email', 'Phone', 'Web'] as const;

export const ACCOUNT_MANAGERS = [
  { email: 'am-1@example.com', firstName: 'Alice', lastName: 'Archer' },
  { email: 'am-2@example.com', firstName: 'Bruno', lastName: 'Baker' },
  { email: 'am-3@example.com', firstName: 'Chen', lastName: 'Cao' },
  { email: 'am-4@example.com', firstName: 'Dana', lastName: 'Diaz' },
] as const;

export const LEAD = { email: 'lead-1@example.com', firstName: 'Lee', lastName: 'Lead' } as const;
