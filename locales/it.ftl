# Ponte — Italiano (lingua principale)

## Accesso
access-stranger = Ponte è ad accesso su invito. Chiedi un codice di invito al tuo coordinatore e invialo qui.
access-stranger-short = Accesso solo su invito.
access-invite-invalid = Codice non valido o scaduto. Chiedi un nuovo codice al tuo coordinatore.
access-too-many-attempts = Troppi tentativi. Riprova tra un quarto d'ora.
access-welcome-new = Benvenuta/o in Ponte, { $name }! Usa i pulsanti qui sotto. Scrivi /aiuto per la guida.
access-welcome-back = Ciao { $name }, cosa vuoi registrare?
access-welcome-admin = Ciao { $name }, sei amministratore di Ponte. Crea progetti con /nuovoprogetto, sedi con /nuovasede e invita il personale con /invito.
group-refusal = Ponte lavora solo in chat privata: scrivimi direttamente.

## Menu principale
menu-attendance = 📋 Presenze
menu-session = 📝 Sessione
menu-event = 🚨 Evento critico
menu-plan = 📁 Piano
menu-digest = 📊 Riepilogo
menu-ready = Ecco il menu.

## Comandi
cmd-attendance = Registra le presenze di un laboratorio
cmd-session = Registra un colloquio o un intervento
cmd-event = Segnala un evento critico
cmd-plan = Consulta il progetto individualizzato
cmd-digest = Riepilogo settimanale
cmd-help = Guida
cmd-cancel = Annulla l'operazione in corso
cmd-language = Cambia lingua
cmd-invite = Invita un collega

help-intro = Ponte ti aiuta a registrare presenze, sessioni ed eventi critici e a consultare i piani.
help-outro = Altri comandi: /cerca (persona), /persona (nuova persona), /staff, /sedi, /disattiva. In ogni passaggio puoi tornare indietro o annullare; quello che hai scritto resta salvato come bozza.
fallback-unknown = Non ho capito. Usa i pulsanti del menu oppure /aiuto.

## Lingua
language-choose = Scegli la lingua:
language-set = Lingua impostata: italiano.

## Flussi
flow-back = ⬅️ Indietro
flow-cancel = ✖️ Annulla
flow-confirm = ✅ Conferma
flow-skip = Salta
flow-cancelled = Operazione annullata. Quello che avevi inserito è conservato come bozza.
flow-nothing-to-cancel = Non c'è nessuna operazione in corso.
flow-use-buttons = Usa i pulsanti del messaggio qui sopra, oppure /annulla.
flow-button-expired = Questo pulsante non è più valido.
flow-draft-found = Hai una registrazione non finita ({ $summary }). Vuoi riprenderla?
flow-draft-resume = ▶️ Riprendi
flow-draft-restart = 🔄 Ricomincia
date-today = Oggi
date-yesterday = Ieri
date-other = Altra data

## Errori
error-generic = Si è verificato un problema. Quello che avevi confermato è salvato; riprova tra poco.
error-not-allowed = Non hai i permessi per questa operazione.
error-not-found-or-not-allowed = Nessun risultato tra le persone che puoi consultare.
error-text-length = Scrivi un testo tra { $min } e { $max } caratteri.
error-date-format = Data non valida. Scrivi per esempio 03/11 oppure 03/11/2026.
error-date-future = La data non può essere nel futuro.
error-invalid-input = Dati non validi: { $details }

## Ruoli
role-admin = Amministratore
role-coordinator = Coordinatore
role-operator = Operatore
role-on_call = Reperibile

## Inviti
invite-choose-role = Quale ruolo avrà la persona invitata?
invite-choose-site = Per quale sede?
invite-created =
    Codice di invito: { $code }
    Ruolo: { $role } — Sede: { $site }
    Valido { $hours } ore, utilizzabile una sola volta.
    Link diretto: { $link }

## Disattivazione
deactivate-choose = Chi vuoi disattivare?
deactivate-confirm = Disattivare { $name }? Non potrà più usare Ponte dal prossimo messaggio.
deactivate-yes = ⊘ Sì, disattiva
deactivate-done = { $name } è stata/o disattivata/o.
deactivate-nobody = Non ci sono colleghi che puoi disattivare.

## Staff e sedi
staff-list-title = Personale:
staff-list-empty = Nessun collega da mostrare.
sites-none = Nessuna sede.
site-kind-day_centre_inside = Centro diurno interno
site-kind-day_centre_outside = Centro diurno esterno
site-kind-housing = Accoglienza abitativa
site-kind-territorial_service = Servizio territoriale
site-kind-office = Ufficio

## Progetti e sedi (amministrazione)
programme-ask-name = Nome del progetto?
programme-ask-code = Codice breve del progetto (lettere, cifre, - o _), per esempio spazio-zero:
programme-ask-funder = Ente finanziatore?
programme-ask-start = Data di inizio (gg/mm/aaaa)?
programme-ask-end = Data di fine (gg/mm/aaaa)?
programme-created = Progetto «{ $name }» creato.
site-no-programme = Crea prima un progetto con /nuovoprogetto.
site-ask-programme = A quale progetto appartiene la sede?
site-ask-name = Nome della sede?
site-ask-kind = Tipo di sede?
site-ask-prefix = Prefisso dei codici persona (2–5 lettere, es. BOL):
site-prefix-invalid = Il prefisso deve avere da 2 a 5 lettere.
site-created = Sede «{ $name }» creata.

## Persone
person-ask-site = In quale sede è in carico la persona?
person-ask-given-name = Nome della persona?
person-ask-family-name = Cognome?
person-name-invalid = Usa solo lettere, spazi, apostrofi o trattini (massimo 80 caratteri).
person-ask-birth-year = Anno di nascita? (es. 1990)
person-birth-year-invalid = Anno non valido: scrivi quattro cifre, per esempio 1990.
person-ask-legal-status = Posizione giuridica?
person-ask-fragilities = Fragilità (tocca per selezionare, poi Conferma):
person-ask-intake = Data di presa in carico?
person-created = Persona registrata: { $code } · { $name }
search-usage = Scrivi /cerca seguito da un codice o da parte del nome, per esempio /cerca rossi.
search-none = Nessun risultato tra le persone che puoi consultare.
search-results = Risultati:
legal-detained = Detenuto/a
legal-external_execution = Misura alternativa (UEPE)
legal-probation_map = Messa alla prova
legal-house_arrest = Arresti domiciliari
legal-security_measure = Misura di sicurezza
legal-released = Fine pena (entro 12 mesi)
legal-young_adult = Giovane adulto (18–25)
fragility-psychiatric = Psichiatrica
fragility-addiction = Dipendenze
fragility-disability = Disabilità
fragility-woman_with_children = Donna con figli
fragility-homeless = Senza dimora
fragility-no_documents = Senza documenti
