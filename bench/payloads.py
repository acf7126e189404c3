"""Realistic deliveries for tools/run-bench: Jira Cloud webhook bodies.

The shapes follow what Jira Cloud sends for `jira:issue_updated` and
`comment_created` (user objects with avatar URLs, the issue's fields, a
changelog), about 4 KB each. Issue i (1..TARGETS) is BENCH-i, linked to
feedback ticket i through the data field Jira.IssueKey. Like a real
stream, each issue_updated carries the issue as it stands plus one edit,
and new `updated`/`timestamp` values: a few of the 15 stored values
change per delivery, the rest are written again unchanged.
"""

import datetime
import random

SITE = "https://example.atlassian.net"
MANAGER = "bench-manager@example.com"    # comment author (role manager)
FOLLOWER = "bench-follower@example.com"  # follows every ticket

# The data group on feedback: (label, JSON Pointer, type), several of each.
JIRA_FIELDS = [
    ("IssueKey", "/issue/key", "string"),
    ("Status", "/issue/fields/status/name", "string"),
    ("Priority", "/issue/fields/priority/name", "string"),
    ("Assignee", "/issue/fields/assignee/displayName", "string"),
    ("Votes", "/issue/fields/votes/votes", "integer"),
    ("Watchers", "/issue/fields/watches/watchCount", "integer"),
    ("StoryPoints", "/issue/fields/customfield_10016", "integer"),
    ("TimeSpent", "/issue/fields/timespent", "integer"),
    ("Created", "/issue/fields/created", "datetime"),
    ("Updated", "/issue/fields/updated", "datetime"),
    ("Due", "/issue/fields/duedate", "datetime"),
    ("EventTime", "/timestamp", "datetime"),
    ("Regression", "/issue/fields/customfield_10050", "boolean"),
    ("CustomerVisible", "/issue/fields/customfield_10051", "boolean"),
    ("Subtask", "/issue/fields/issuetype/subtask", "boolean"),
]

# Filters every bench target passes (the deliveries must apply), with the
# joins a real filter needs.
DATA_FILTER = ('status != "closed" and kind in ("bug", "idea") and '
               'author.status = "active"')
COMMENT_FILTER = 'status != "closed" and popularity >= 0'
MACRO_FILTER = 'status != "closed" and author.status = "active"'

STATUSES = [("To Do", "1", "new"), ("In Progress", "3", "indeterminate"),
            ("In Review", "10001", "indeterminate")]
PRIORITIES = [("Highest", "1"), ("High", "2"), ("Medium", "3"), ("Low", "4")]
PEOPLE = ["Ann Lee", "Bo Diaz", "Cy Kumar", "Dee Novak", "Eli Moreau"]
BASE_MS = 1795000000000  # 2026-11-18, Jira's `timestamp` is in milliseconds


def author(i):
    return "bench-author-%d@example.com" % i


def issue_key(i):
    return "BENCH-%d" % i


def summary(i):
    return "Export to CSV drops rows with accented names (case %d)" % i


def _user(name, account):
    return {
        "self": "%s/rest/api/2/user?accountId=%s" % (SITE, account),
        "accountId": account,
        "avatarUrls": {
            size: "https://avatar-management.example.net/%s/%s.png?s=%s" % (
                account, name.replace(" ", "").lower(), size.split("x")[0])
            for size in ("48x48", "24x24", "16x16", "32x32")},
        "displayName": name,
        "active": True,
        "timeZone": "Europe/Paris",
        "accountType": "atlassian",
    }


def _jira_time(ms):
    """Jira's format: 2026-11-27T10:00:00.000+0100."""
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone(
        datetime.timedelta(hours=1)))
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+0100" % (ms % 1000)


def _state(i):
    """Issue i's fields as they stand (stable from one delivery to the next)."""
    r = random.Random(1000 + i)
    return {
        "status": r.choice(STATUSES), "priority": r.choice(PRIORITIES),
        "assignee": r.choice(PEOPLE), "votes": r.randint(0, 50),
        "watches": r.randint(1, 20), "points": r.choice([1, 2, 3, 5, 8, 13]),
        "timespent": r.randint(0, 40) * 900, "regression": r.random() < 0.3,
        "visible": r.random() < 0.7, "testers": r.randint(2, 40),
        "created": BASE_MS - r.randint(1, 30) * 86400000,
        "due": "2026-12-%02d" % r.randint(1, 28),
    }


def _change(state, rng):
    """What one issue_updated changes, like a person editing the issue:
    usually one field (the changelog's item), sometimes only the text."""
    field = rng.choice(["status", "priority", "assignee", "votes", "watches",
                        "timespent", "description"])
    old = state.get(field)
    if field == "status":
        state[field] = rng.choice([s for s in STATUSES if s != old])
    elif field == "priority":
        state[field] = rng.choice([p for p in PRIORITIES if p != old])
    elif field == "assignee":
        state[field] = rng.choice([p for p in PEOPLE if p != old])
    elif field in ("votes", "watches"):
        state[field] = old + 1
    elif field == "timespent":
        state[field] = old + 900
    else:
        state["testers"] += 1
        return {"field": "description", "fieldtype": "jira",
                "fieldId": "description", "from": None, "fromString": None,
                "to": None, "toString": None}
    label = lambda v: v[0] if isinstance(v, tuple) else str(v)  # noqa: E731
    return {"field": field, "fieldtype": "jira", "fieldId": field,
            "from": None, "fromString": label(old), "to": None,
            "toString": label(state[field])}


def _issue(i, state, updated_ms):
    name, status_id, category = state["status"]
    priority, priority_id = state["priority"]
    return {
        "id": str(10000 + i),
        "self": "%s/rest/api/2/issue/%d" % (SITE, 10000 + i),
        "key": issue_key(i),
        "fields": {
            "summary": summary(i),
            "description": (
                "Steps to reproduce:\n1. Create a user named Zoë Ångström.\n"
                "2. Export the user list to CSV.\n3. Open the file.\n\n"
                "Expected: every user is in the file. Actual: users with "
                "accented names are missing. Seen by %d beta testers." %
                state["testers"]),
            "issuetype": {
                "self": SITE + "/rest/api/2/issuetype/10004", "id": "10004",
                "description": "A problem which impairs or prevents the "
                               "functions of the product.",
                "iconUrl": SITE + "/images/icons/issuetypes/bug.svg",
                "name": "Bug", "subtask": False, "avatarId": 10303,
                "hierarchyLevel": 0},
            "project": {
                "self": SITE + "/rest/api/2/project/10000", "id": "10000",
                "key": "BENCH", "name": "Bench", "projectTypeKey": "software",
                "simplified": False},
            "priority": {
                "self": SITE + "/rest/api/2/priority/" + priority_id,
                "iconUrl": SITE + "/images/icons/priorities/%s.svg" %
                           priority.lower(),
                "name": priority, "id": priority_id},
            "status": {
                "self": SITE + "/rest/api/2/status/" + status_id,
                "description": "", "iconUrl": SITE + "/", "name": name,
                "id": status_id,
                "statusCategory": {
                    "self": SITE + "/rest/api/2/statuscategory/4", "id": 4,
                    "key": category, "colorName": "yellow", "name": name}},
            "labels": ["beta", "export", "i18n"],
            "assignee": _user(state["assignee"], "5b10ac8d82e05b22cc7d4e%02d"
                              % PEOPLE.index(state["assignee"])),
            "reporter": _user("Mia Manager", "5b10ac8d82e05b22cc7d4ef5"),
            "created": _jira_time(state["created"]),
            "updated": _jira_time(updated_ms),
            "resolutiondate": None,
            "duedate": state["due"],
            "votes": {"self": SITE + "/rest/api/2/issue/BENCH-%d/votes" % i,
                      "votes": state["votes"], "hasVoted": False},
            "watches": {
                "self": SITE + "/rest/api/2/issue/BENCH-%d/watchers" % i,
                "watchCount": state["watches"], "isWatching": True},
            "customfield_10016": state["points"],
            "customfield_10050": state["regression"],
            "customfield_10051": state["visible"],
            "timespent": state["timespent"],
            "timeestimate": 36000,
            "components": [{"self": SITE + "/rest/api/2/component/10010",
                            "id": "10010", "name": "Export"}],
            "fixVersions": [],
        },
    }


def issue_updated(i, n, rng):
    """A `jira:issue_updated` delivery about issue i (the data listener's):
    the issue as it stands, with one edit; `updated` and `timestamp` move."""
    state = _state(i)
    item = _change(state, rng)
    when = BASE_MS + n * 1000 + rng.randint(0, 999)
    return {
        "timestamp": when,
        "webhookEvent": "jira:issue_updated",
        "issue_event_type_name": "issue_generic",
        "user": _user("Mia Manager", "5b10ac8d82e05b22cc7d4ef5"),
        "issue": _issue(i, state, when - rng.randint(0, 999)),
        "changelog": {"id": str(20000 + n), "items": [item]},
    }


def issue_resolved(i, n, rng):
    """An issue moved to Done (the macro listener's: score + status)."""
    state = _state(i)
    old = state["status"]
    state["status"] = ("Done", "10002", "done")
    when = BASE_MS + n * 1000 + rng.randint(0, 999)
    body = {
        "timestamp": when,
        "webhookEvent": "jira:issue_updated",
        "issue_event_type_name": "issue_generic",
        "user": _user("Mia Manager", "5b10ac8d82e05b22cc7d4ef5"),
        "issue": _issue(i, state, when),
        "changelog": {"id": str(20000 + n), "items": [{
            "field": "status", "fieldtype": "jira", "fieldId": "status",
            "from": old[1], "fromString": old[0], "to": "10002",
            "toString": "Done"}]},
    }
    body["issue"]["fields"]["resolutiondate"] = _jira_time(when)
    return body


def comment_created(i, n, rng):
    """A `comment_created` delivery on issue i (the comment listener's)."""
    manager = _user("Mia Manager", "5b10ac8d82e05b22cc7d4ef5")
    manager["emailAddress"] = MANAGER
    issue = _issue(i, _state(i), BASE_MS + n * 1000)
    issue["fields"] = {k: issue["fields"][k] for k in (
        "summary", "issuetype", "project", "priority", "status", "assignee")}
    when = _jira_time(BASE_MS + n * 1000)
    return {
        "timestamp": BASE_MS + n * 1000,
        "webhookEvent": "comment_created",
        "comment": {
            "self": "%s/rest/api/2/issue/%d/comment/%d" % (SITE, 10000 + i,
                                                           30000 + n),
            "id": str(30000 + n),
            "author": manager,
            "body": ("Thanks for the report. We reproduced it on build "
                     "2026.11.%d: the exporter skips rows whose name is not "
                     "ASCII. A fix is in review; could you try the next beta "
                     "and tell us if your export is complete? (update %d)"
                     % (rng.randint(1, 30), n)),
            "updateAuthor": manager,
            "created": when,
            "updated": when,
            "jsdPublic": True,
        },
        "issue": issue,
    }
