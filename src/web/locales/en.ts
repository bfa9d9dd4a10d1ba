import type zhCN from './zh-CN';

/** English, switchable from the header. Same keys as zh-CN.ts. */
const en: typeof zhCN = {
  app: { name: 'Smart Logistics', subtitle: 'Internal control and reimbursement' },
  common: {
    loading: 'Loading…', refresh: 'Refresh', back: 'Back', cancel: 'Cancel', confirm: 'OK', submit: 'Submit', search: 'Search',
    all: 'All', none: 'None', yuan: 'yuan', empty: 'Nothing here yet', actions: 'Actions', view: 'View', reset: 'Reset', close: 'Close',
    loadFailed: 'Could not load: {message}', networkError: 'Network error, please try again', language: '中文',
  },
  login: {
    title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', required: 'Enter your username and password',
    expired: 'Your session has expired; please sign in again', hint: 'Demo users: zhangsan / lisi / wangwu …, password demo',
  },
  nav: {
    myApplications: 'My applications', newTravelRequest: 'Travel request', newTravelClaim: 'Travel claim', newExpenseClaim: 'Expense claim',
    tasks: 'My tasks', logout: 'Sign out', menu: 'Menu', staffGroup: 'Claims', approverGroup: 'Approvals',
  },
  kinds: { 'travel-request': 'Travel request', travel: 'Travel claim', expense: 'Expense claim' },
  status: {
    SCREENING: 'Screening', RETURNED: 'Returned', IN_APPROVAL: 'In approval', APPROVED: 'Approved', REJECTED: 'Rejected', WITHDRAWN: 'Withdrawn',
    PENDING: 'Pending',
  },
  severity: { block: 'Block', warn: 'Warning', adjust: 'Cut', info: 'Note' },
  groups: { 'unit-head': 'Unit head', 'fund-owner': 'Fund owner', finance: 'Finance review', 'deputy-chief': 'Deputy chief', chief: 'Chief', 'process-admin': 'Process admin' },
  decisions: { approve: 'Approved', reject: 'Rejected', return: 'Returned' },
  list: {
    title: 'My applications', searchPlaceholder: 'Search purpose or destination', kind: 'Type', status: 'Status', summary: 'Purpose', amount: 'Amount (yuan)',
    date: 'Date', empty: 'No applications yet. Start a travel request or a claim with the buttons above.', noMatch: 'Nothing matches the filters',
    newRequest: 'New travel request', newTravel: 'New travel claim', newExpense: 'New expense claim',
  },
  editor: {
    newTravelClaim: 'New travel claim', newExpenseClaim: 'New expense claim', newTravelRequest: 'New travel request', revise: 'Revise and resubmit the claim',
    formVersion: 'Form version {version}', submit: 'Submit', resubmit: 'Resubmit', submitting: 'Submitting…',
    fromRequest: 'Add a trip from an approved travel request', fromRequestPlaceholder: 'Choose a travel request', noApprovedRequests: 'No approved travel requests to use',
    summary: 'Computed', total: 'Claim total', tripLine: '{traveller} {destination} {start} to {end}: {days} days, {nights} nights',
    lodgingCap: 'Lodging cap {cap} yuan/night × {nights} nights = {limit} yuan; claimed {amount} yuan',
    lodgingCapOver: '{over} yuan above the cap, will be cut to the standard',
    lodgingCapUnknown: 'No lodging standard found for {city}',
    allowanceHint: 'Meal allowance standard {meal} yuan, city transport {transport} yuan ({days} days)',
    fillAllowances: 'Fill allowances by the standard',
    invoiceChecks: 'Invoice checks', invoiceOk: 'Invoice {number}: number, tax and credit codes are correct',
    subjectOption: '{subject} ({available} yuan available)',
    budgetAvailable: '{subject} available {available} yuan ({rate}% used)',
    fixErrors: 'Please correct the fields marked in red', refused: 'The submission was refused; please correct:',
    submitted: 'Submitted; screening now', resubmitted: 'Resubmitted; screening now',
  },
  hints: {
    invoiceFormat: 'Invoice number malformed: a fully digital invoice has 20 digits, an old one a 10- or 12-digit code and an 8-digit number',
    invoiceSum: 'Total must equal amount plus tax: {amount} + {tax} ≠ {total}',
    invoiceTax: 'Tax should be {expected} ({amount} × {rate}%), not {tax}',
    invoiceRate: 'Tax rate {rate}% is not a legal rate ({rates})',
    creditCode: 'The check character of the {field} code "{code}" is wrong',
    buyer: 'buyer', seller: 'seller',
  },
  claim: {
    title: 'Claim', claimant: 'Claimant', unit: 'Unit', total: 'Total', reimbursable: 'Reimbursable', submittedOn: 'Submitted on',
    purpose: 'Purpose', budgetLine: 'Budget line', findings: 'Findings', noFindings: 'No findings', chain: 'Approval chain', timeline: 'Timeline',
    diagram: 'Process diagram', revise: 'Revise and resubmit', withdraw: 'Withdraw', withdrawConfirm: 'Withdraw this claim? Its budget reservation will be released.',
    withdrawn: 'Withdrawn', screeningNote: 'Invoices, trips, standards and budget are being checked; this usually takes a few seconds.',
    returnedNote: 'The claim was returned. Correct it as the reasons below say and resubmit.', facts: 'Facts', adjust: 'Cut {amount} yuan',
    stepWaiting: 'Waiting', stepCurrent: 'In progress', stepDone: 'Done', holder: 'Holder', since: 'since {time}',
    formVersion: 'Form version', trips: 'Trips', items: 'Items', invoices: 'Invoices', details: 'Contents',
    notFound: 'Claim not found', processVersion: 'Process version {version}',
  },
  timeline: {
    system: 'Screened by the system', resubmitted: 'resubmitted',
    started: 'Submitted', ended: 'Process ended', current: 'Now', by: '{name}', waitingFor: 'Waiting for {who}',
  },
  request: {
    title: 'Travel request', traveller: 'Traveller', destination: 'Destination', dates: 'Dates', estimate: 'Estimate', purpose: 'Purpose',
    startClaim: 'Claim this trip',
  },
  tasks: {
    title: 'My tasks', empty: 'No tasks', subject: 'Subject', claimant: 'Applicant', unit: 'Unit', amount: 'Amount (yuan)', created: 'Arrived',
    due: 'Due', open: 'Open', decide: 'Decide', comment: 'Comment', commentRequired: 'Rejecting or returning needs a comment',
    approve: 'Approve', reject: 'Reject', return: 'Return', done: 'Done', overdue: 'Overdue',
  },
  diagram: { loadFailed: 'Could not load the diagram', holder: 'held by {who}', since: 'since {time}', zoomIn: 'Zoom in', zoomOut: 'Zoom out', fit: 'Fit' },
  errors: { forbidden: 'Not allowed', notFound: 'Not found', conflict: 'Conflict; refresh and try again', server: 'Server error, please try again later' },
};
export default en;
