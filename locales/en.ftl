# Ponte — English

## Access
access-stranger = Ponte is invitation-only. Ask your coordinator for an invite code and send it here.
access-stranger-short = Invitation-only access.
access-invite-invalid = Invalid or expired code. Ask your coordinator for a new one.
access-too-many-attempts = Too many attempts. Try again in a quarter of an hour.
access-welcome-new = Welcome to Ponte, { $name }! Use the buttons below. Type /help for the guide.
access-welcome-back = Hi { $name }, what would you like to log?
access-welcome-admin = Hi { $name }, you are a Ponte administrator. Create programmes with /newprogramme, sites with /newsite and invite staff with /invite.
group-refusal = Ponte works in private chats only: message me directly.

## Main menu
menu-attendance = 📋 Attendance
menu-session = 📝 Session
menu-event = 🚨 Critical event
menu-plan = 📁 Plan
menu-digest = 📊 Digest
menu-ready = Here is the menu.

## Commands
cmd-attendance = Log a workshop's attendance
cmd-session = Log an individual session or intervention
cmd-event = Report a critical event
cmd-plan = Look up an individual plan
cmd-digest = Weekly digest
cmd-help = Help
cmd-cancel = Cancel what you are doing
cmd-language = Change language
cmd-invite = Invite a colleague

help-intro = Ponte helps you log attendance, sessions and critical events, and look up plans.
help-outro = More commands: /find (person), /person (new person), /staff, /sites, /deactivate. At every step you can go back or cancel; what you typed is kept as a draft.
fallback-unknown = I did not understand. Use the menu buttons or /help.

## Language
language-choose = Choose your language:
language-set = Language set: English.

## Flows
flow-back = ⬅️ Back
flow-cancel = ✖️ Cancel
flow-confirm = ✅ Confirm
flow-skip = Skip
flow-cancelled = Cancelled. What you entered is kept as a draft.
flow-nothing-to-cancel = Nothing to cancel.
flow-use-buttons = Use the buttons of the message above, or /cancel.
flow-button-expired = This button is no longer valid.
flow-draft-found = You have an unfinished entry ({ $summary }). Resume it?
flow-draft-resume = ▶️ Resume
flow-draft-restart = 🔄 Start over
date-today = Today
date-yesterday = Yesterday
date-other = Another date

## Errors
error-generic = Something went wrong. Whatever you confirmed is saved; please try again shortly.
error-not-allowed = You are not allowed to do this.
error-not-found-or-not-allowed = No match among the people you can look up.
error-text-length = Write between { $min } and { $max } characters.
error-date-format = Invalid date. Write for example 03/11 or 03/11/2026.
error-date-future = The date cannot be in the future.
error-invalid-input = Invalid data: { $details }

## Roles
role-admin = Administrator
role-coordinator = Coordinator
role-operator = Operator
role-on_call = On call

## Invites
invite-choose-role = Which role will the invited person have?
invite-choose-site = For which site?
invite-created =
    Invite code: { $code }
    Role: { $role } — Site: { $site }
    Valid for { $hours } hours, single use.
    Direct link: { $link }

## Deactivation
deactivate-choose = Whom do you want to deactivate?
deactivate-confirm = Deactivate { $name }? They will lose access from their next message.
deactivate-yes = ⊘ Yes, deactivate
deactivate-done = { $name } has been deactivated.
deactivate-nobody = There is nobody you can deactivate.

## Staff and sites
staff-list-title = Staff:
staff-list-empty = No colleagues to show.
sites-none = No sites.
site-kind-day_centre_inside = Day centre (inside prison)
site-kind-day_centre_outside = Day centre (outside)
site-kind-housing = Housing
site-kind-territorial_service = Territorial service
site-kind-office = Office

## Programmes and sites (administration)
programme-ask-name = Programme name?
programme-ask-code = Short programme code (letters, digits, - or _), e.g. spazio-zero:
programme-ask-funder = Funder?
programme-ask-start = Start date (dd/mm/yyyy)?
programme-ask-end = End date (dd/mm/yyyy)?
programme-created = Programme “{ $name }” created.
site-no-programme = Create a programme first with /newprogramme.
site-ask-programme = Which programme does the site belong to?
site-ask-name = Site name?
site-ask-kind = Kind of site?
site-ask-prefix = Prefix of person codes (2–5 letters, e.g. BOL):
site-prefix-invalid = The prefix must have 2 to 5 letters.
site-created = Site “{ $name }” created.

## People
person-ask-site = At which site is the person in charge?
person-ask-given-name = Person's first name?
person-ask-family-name = Family name?
person-name-invalid = Use letters, spaces, apostrophes or hyphens only (80 characters at most).
person-ask-birth-year = Year of birth? (e.g. 1990)
person-birth-year-invalid = Invalid year: write four digits, e.g. 1990.
person-ask-legal-status = Legal status?
person-ask-fragilities = Vulnerabilities (tap to select, then Confirm):
person-ask-intake = Intake date?
person-created = Person registered: { $code } · { $name }
search-usage = Type /find followed by a code or part of a name, e.g. /find rossi.
search-none = No match among the people you can look up.
search-results = Results:
legal-detained = Detained
legal-external_execution = Alternative measure (UEPE)
legal-probation_map = Probation (messa alla prova)
legal-house_arrest = House arrest
legal-security_measure = Security measure
legal-released = Released (within 12 months)
legal-young_adult = Young adult (18–25)
fragility-psychiatric = Psychiatric
fragility-addiction = Addiction
fragility-disability = Disability
fragility-woman_with_children = Woman with children
fragility-homeless = Homeless
fragility-no_documents = No documents
