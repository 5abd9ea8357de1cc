"""Fixed German texts of the bot (help, greetings, menus). Step texts live with the steps;
the privacy notice is a template (``templates/datenschutz.chat.j2``)."""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Begrüßung, Beitritt per Einladung"),
    ("schritte", "Arbeitsschritte mit Fortschritt"),
    ("weiter", "An der letzten Frage weitermachen"),
    ("zurueck", "Zur vorigen Frage"),
    ("ueberspringen", "Frage überspringen"),
    ("pause", "Pause – später mit /weiter fortsetzen"),
    ("zusammenfassung", "Ergebnisse eines Schritts"),
    ("strategie", "Strategiepapier: Stand, Entwurf, Fassungen"),
    ("team", "Mitglieder, Rollen, Einladung"),
    ("erinnern", "Offene Fragebögen erinnern (Moderation)"),
    ("live", "Live-Runde in der Gruppe des Teams (Moderation)"),
    ("export", "Alle Daten des Teams als ZIP (Moderation)"),
    ("neu", "Neues Team anlegen"),
    ("datenschutz", "Was gespeichert wird"),
    ("meinedaten", "Alles, was über Sie gespeichert ist"),
    ("loeschen", "Ihre Daten löschen"),
    ("hilfe", "Alle Befehle und Tipps"),
)

#: Commands only the moderation uses: in the menu of facilitators' private chats only.
MODERATION_COMMANDS = frozenset({"erinnern", "live", "export"})
#: The only command that does something in a group chat (everything else: „privat schreiben“).
GROUP_COMMANDS = frozenset({"live"})

#: Shown in the empty chat before the first /start (setMyDescription, at most 512 characters).
BOT_DESCRIPTION = (
    "Die Smart-City-Werkstatt begleitet das Team Ihrer Kommune in neun Arbeitsschritten zu "
    "einer Smart-City-Strategie: Bestandsaufnahme, Vision, Handlungsfelder, Projektideen, "
    "Roadmap und Evaluation. Sie beantworten kurze Fragen, ich speichere jede Antwort und "
    "erstelle Grafiken, Zusammenfassungen und das Strategiepapier. Was gespeichert wird, "
    "zeigt /datenschutz."
)
#: On the bot's profile and in shared links (setMyShortDescription, at most 120 characters).
BOT_SHORT_DESCRIPTION = (
    "In neun Schritten zur Smart-City-Strategie Ihrer Kommune – im Team, im Chat."
)

WELCOME_NEW = (
    "👋 <b>Willkommen in der Smart-City-Werkstatt!</b>\n\n"
    "Ich begleite Ihr Team Schritt für Schritt zu einer Smart-City-Strategie: von der Vision "
    "über Handlungsfelder und Projektideen bis zur Roadmap. Sie beantworten kurze Fragen, "
    "ich speichere alles und erstelle Grafiken und Zusammenfassungen.\n\n"
    "Legen Sie ein neues Team für Ihre Kommune an – oder treten Sie mit dem Code bei, den Sie "
    "von Ihrer Moderation bekommen haben."
)

HELP = (
    "<b>So funktioniert die Werkstatt</b>\n"
    "Ich stelle Fragen, Sie antworten mit Text oder über die Schaltflächen. Jede Antwort ist "
    "sofort gespeichert; Sie können jederzeit aufhören und später weitermachen.\n\n"
    "<b>Befehle</b>\n"
    + "\n".join(f"/{name} – {text}" for name, text in COMMANDS)
    + "\n\n<b>Tipps</b>\n"
    "• Auswahlmöglichkeiten sind nummeriert: Statt eine Schaltfläche anzutippen, können Sie "
    "ihre Nummer schreiben.\n"
    "• „❓ Was ist gemeint?“ erklärt jede Frage mit einem Beispiel.\n"
    "• Die Arbeitsschritte können Sie in beliebiger Reihenfolge öffnen."
)

NOTHING_OPEN = (
    "Gerade ist keine Frage offen. Mit /schritte wählen Sie einen Arbeitsschritt, "
    "/hilfe zeigt alle Befehle."
)
NO_TEAM = (
    "Sie gehören noch keinem Team an. Legen Sie mit /neu ein Team an oder öffnen Sie den "
    "Einladungslink Ihrer Moderation."
)
GROUP_HINT = (
    "Die Werkstatt-Fragen beantworten Sie am besten im privaten Chat mit mir – so bleibt die "
    "Gruppe übersichtlich."
)
EDIT_NOT_TAKEN = (
    "✏️ Nachträgliche Änderungen an gesendeten Nachrichten übernehme ich nicht – gespeichert ist "
    "die ursprüngliche Fassung. Zum Korrigieren gehen Sie mit /zurueck zur vorigen Frage und "
    "senden die Antwort neu."
)
LIVE_PRIVATE = (
    "Live-Runden laufen in der {messenger}-Gruppe Ihres Teams: Fügen Sie mich der Gruppe hinzu "
    "und senden Sie dort /live. Beim ersten Mal verknüpfen Sie die Gruppe mit Ihrem Team – das "
    "kann die Moderation, wenn sie die Gruppe auch verwaltet (Admin)."
)
BUTTON_UNKNOWN = "Diese Schaltfläche ist nicht mehr gültig. Bitte nutzen Sie die letzte Nachricht."
BUTTON_USED = "Schon erledigt – ein zweites Tippen ändert nichts."
BUTTON_FOREIGN = "Diese Schaltfläche gehört nicht zu Ihnen – bitte nutzen Sie Ihre eigenen."
NOT_MEMBER = "Das gehört zu einem Team, dem Sie nicht angehören. Es wurde nichts geändert."
INVITE_INVALID = (
    "Dieser Einladungscode ist ungültig, abgelaufen oder widerrufen. Bitte fragen Sie Ihre "
    "Moderation nach einem neuen Link."
)
