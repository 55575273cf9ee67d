// English UI strings: the same keys as ja.ts.
import type { ja } from './ja.ts';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const en: Strings<typeof ja> = {
  app: { name: 'Breach-cost tracker', tagline: 'Breach-response costs under IT professional liability insurance, and the claim' },
  nav: { home: 'Home', members: 'Members', signOut: 'Sign out', language: '日本語', company: 'Company' },
  common: {
    close: 'Close',
    save: 'Save', cancel: 'Cancel', edit: 'Edit', delete: 'Delete', create: 'Create', back: 'Back', loading: 'Loading…',
    optional: 'optional', required: 'required', yes: 'Yes', no: 'No', none: 'None', all: 'All', actions: 'Actions',
    saved: 'Saved', error: 'Something went wrong', notFound: 'Not found', confirmDelete: 'Delete this line?',
  },
  auth: {
    signIn: 'Sign in', signUp: 'Sign up', email: 'Email', password: 'Password', name: 'Name',
    companyName: 'Company name', kind: 'Kind', policyholder: 'Policyholder (IT company)', broker: 'Insurance broker',
    noAccount: 'No account yet?', haveAccount: 'Already have an account?',
    passwordHint: 'at least 10 characters', demoTitle: 'Demo mode', demoBody: 'Sign in with this account to see the demo incident (worked example 2):',
    useDemo: 'Fill in the demo account',
    inviteTitle: 'Invitation to {{company}} ({{role}})', acceptInvite: 'Join', joinAs: 'Join as {{email}}',
  },
  roles: { responder: 'Responder', finance: 'Finance', admin: 'Admin' },
  home: {
    policies: 'Policies', incidents: 'Incidents', newPolicy: 'Add a policy', newIncident: 'Open an incident',
    noPolicies: 'No policy yet. Start by entering your insurance policy.', noIncidents: 'No incidents yet.',
    lines: '{{count}} lines', period: 'Period',
  },
  policy: {
    title: 'Policy', insurer: 'Insurer', policyNumber: 'Policy number', periodStart: 'Period start', periodEnd: 'Period end',
    periodNote: 'Policies run exactly one year (the end is computed)',
    liabilityLimit: 'Liability limit', expenseLimit: 'Total expense limit', deductible: 'Deductible (liability part only)',
    restorationRider: 'System and data restoration rider', condolenceCap: 'Condolence cap per person', condolenceCapHint: 'empty for no cap',
    eligibility: 'Eligibility', annualRevenue: 'Annual revenue', itRevenue: 'of which from the listed IT businesses',
    eligibilityHint: 'Annual revenue of at least ¥30,000,000, at least 50% of it from the listed IT businesses', riderOn: 'On', riderOff: 'Off',
  },
  incident: {
    title: 'Incident', name: 'Title', kind: 'Kind', occurredOn: 'Occurred on', discoveredOn: 'Discovered on', recordsAffected: 'Records affected (estimate)',
    description: 'Description', status: 'Status', policy: 'Policy', justification: 'Occurred before the policy start: why the insured reasonably did not know of it',
    justificationNeeded: 'The incident occurred before the policy started: a written justification is needed.',
    kinds: { leak: 'Data leakage', stoppage: 'System or network stoppage', unauthorized_access: 'Unauthorised access, virus or worm', defect: 'Defect in provided electronic information', infringement: 'Rights infringement' },
    statuses: { open: 'Open', claim_submitted: 'Claim submitted', settled: 'Settled', closed: 'Closed' },
    dashboard: 'Dashboard', ledger: 'Ledger', documents: 'Documents', packages: 'Claim package', audit: 'Audit log', editIncident: 'Edit incident',
  },
  cost: {
    log: 'Log a cost', category: 'Category', stage: 'Stage', incurredOn: 'Date', amount: 'Amount', vendor: 'Vendor', description: 'Description',
    source: 'Borne by', claimant: 'Claimant', abroad: 'Incurred outside Japan', quantityMode: 'Enter as quantity × unit amount',
    quantity: 'Quantity', unitAmount: 'Unit amount', persons: 'Persons', perPerson: 'Amount per person', hours: 'Hours', hourlyRate: 'Hourly rate',
    amountHint: 'e.g. 1234567 / 1,234,567 / ¥1,234,567 / 123万 / 1.5万', logged: 'Logged {{amount}}', attachReceipt: 'Drop the receipt or invoice for this cost (or take a photo)',
    stages: { estimate: 'Estimate', invoiced: 'Invoiced', paid: 'Paid' },
    sources: { insured: 'Insured', third_party: 'Third-party claim' },
    parseErrors: { empty: 'Enter an amount', invalid: 'Not an amount', fraction: 'No fractions of a yen', negative: 'Amounts cannot be negative', too_large: 'Amount too large' },
    enterToSave: 'Enter saves', createdBy: 'Logged by', outsidePeriod: 'Outside period', abroadFlag: 'Abroad',
    editLine: 'Edit line', conflict: 'Someone else changed this line. Reload to see their values.',
  },
  dashboard: {
    totalPayable: 'Payable by the policy', projected: 'Including estimates', expenseGauge: 'Total expense limit used',
    claimed: 'Invoiced and paid', withEstimates: 'With estimates', limit: 'Limit', headroom: 'Headroom', overLimit: 'Over',
    byCategory: 'By category', incurred: 'Incurred', counted: 'Counted', estimates: 'Estimates',
    liability: 'Liability', liabilityIncurred: 'Damages + litigation', afterDeductible: 'After deductible', liabilityPayable: 'Liability payable',
    costsPayable: 'Expenses payable', steps: 'How it is computed', warnings: 'Warnings', noWarnings: 'No warnings',
    restoration: 'System and data restoration', liabilityHeadroom: 'Liability headroom',
  },
  ledger: {
    title: 'Cost ledger', filters: 'Filters', total: 'Total', count: '{{count}} lines', claimedTotal: 'Invoiced and paid',
    projectedTotal: 'Including estimates', loadMore: 'Load more', empty: 'No lines match', sortBy: 'Sort by',
  },
  audit: {
    title: 'Audit log', at: 'When', who: 'Who', what: 'What', action: 'Action', before: 'Before', after: 'After',
    fields: { fileName: 'File name', costId: 'Line', documentKind: 'Document', size: 'Size', reason: 'Reason' },
    entities: { attachment: 'File', document: 'Document', package: 'Claim package', company: 'Company', membership: 'Member', policy: 'Policy', incident: 'Incident', cost: 'Cost line' },
    actions: { not_needed: 'Marked not needed', needed: 'Marked needed', export: 'Exported', create: 'Created', update: 'Changed', delete: 'Deleted', invite: 'Invited', join: 'Joined', role: 'Role changed', remove: 'Removed' },
  },
  upload: {
    files: 'Files', noneShort: 'none', none: 'No files attached yet', dropHere: 'Drop files here (several at once)',
    choose: 'Choose files', camera: 'Take a photo', uploading: 'Uploading {{count}}…', download: 'Download', openAll: 'Open every page in a new tab',
    confirmRemove: 'Remove this file? (Packages already exported keep it.)',
    tooLarge: 'The file is too large (20 MB per file)', unsupported: 'Only PDF, JPEG, PNG, WebP and HEIC files can be attached',
    empty: 'An empty file cannot be attached', pathName: 'A file name must not contain a path (/ or \\)',
  },
  documents: {
    title: 'Documents', complete: 'Every document the insurer needs is here', missingCount: '{{count}} document(s) missing',
    linesWithout: '{{count}} line(s) without a file', open: 'Open the documents', markNotNeeded: 'Mark not needed', markNeeded: 'Mark needed again',
    reason: 'Why it is not needed (the insurer reads this)', reasonRequired: 'Give a reason', toLedger: 'Attach on the ledger',
    dropFor: 'Drop the {{name}} here',
  },
  packages: {
    title: 'Claim package', explain: 'Puts the ledger, the summary and every attached file into one ZIP. An exported version is frozen: later edits to the ledger make a new version.',
    export: 'Export the claim package', exporting: 'Exporting…', exported: 'Version {{version}} exported', language: 'Language',
    versions: 'Exported versions', none: 'Nothing exported yet', version: 'Version', versionN: 'Version {{version}}', createdAt: 'Created',
    createdBy: 'By', claimed: 'Claimed', financeOnly: 'Finance or an admin exports the claim package.',
  },
  errors: {
    UNAUTHORIZED: 'Wrong email or password, or your session has expired',
    FORBIDDEN: 'You do not have the role this needs',
    NOT_FOUND: 'Not found (deleted, or not yours to see)',
    CONFLICT: 'Someone else changed this first. Reload to see the current values',
    INTERNAL_SERVER_ERROR: 'The server failed. Please try again in a moment',
    TOO_MANY_REQUESTS: 'Too many attempts. Please wait a moment and try again',
    network: 'Cannot reach the server. Check the network',
  },
  brokerHome: 'This company is registered as a broker. Reviewing client companies comes in a later release.',
  members: {
    title: 'Members', invite: 'Invite a member', inviteLink: 'Invitation link (pass it on now: it is shown only once)',
    pending: 'Pending invitations', role: 'Role', remove: 'Remove', copy: 'Copy', expires: 'Expires',
  },
};
