"""Realistic deliveries for tools/run-bench: Jira Cloud webhook bodies.

The shapes follow what Jira Cloud sends for `jira:issue_updated` and
`comment_created` (user objects with avatar URLs, the issue's fields, a
changelog), about 4 KB each. Issue i (1..TARGETS) is BENCH-i, linked to
feedback ticket i through the data field Jira.IssueKey. Values vary from
one body to the next so the database writes real changes.
"""

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
    import datetime
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone(
        datetime.timedelta(hours=1)))
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+0100" % (ms % 1000)


def _issue(i, rng, status=None):
    name, status_id, category = status or rng.choice(STATUSES)
    priority, priority_id = rng.choice(PRIORITIES)
    created = BASE_MS - rng.randint(1, 30) * 86400000
    updated = BASE_MS + rng.randint(0, 86400000)
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
                rng.randint(2, 40)),
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
            "assignee": _user(rng.choice(PEOPLE), "5b10ac8d82e05b22cc7d4e%02d"
                              % rng.randint(0, 99)),
            "reporter": _user("Mia Manager", "5b10ac8d82e05b22cc7d4ef5"),
            "created": _jira_time(created),
            "updated": _jira_time(updated),
            "resolutiondate": None,
            "duedate": "2026-12-%02d" % rng.randint(1, 28),
            "votes": {"self": SITE + "/rest/api/2/issue/BENCH-%d/votes" % i,
                      "votes": rng.randint(0, 50), "hasVoted": False},
            "watches": {
                "self": SITE + "/rest/api/2/issue/BENCH-%d/watchers" % i,
                "watchCount": rng.randint(1, 20), "isWatching": True},
            "customfield_10016": rng.choice([1, 2, 3, 5, 8, 13]),
            "customfield_10050": rng.random() < 0.3,
            "customfield_10051": rng.random() < 0.7,
            "timespent": rng.randint(0, 40) * 900,
            "timeestimate": rng.randint(0, 40) * 900,
            "components": [{"self": SITE + "/rest/api/2/component/10010",
                            "id": "10010", "name": "Export"}],
            "fixVersions": [],
        },
    }


def issue_updated(i, n, rng):
    """A `jira:issue_updated` delivery about issue i (the data listener's)."""
    issue = _issue(i, rng)
    old = rng.choice(STATUSES)
    return {
        "timestamp": BASE_MS + n * 1000 + rng.randint(0, 999),
        "webhookEvent": "jira:issue_updated",
        "issue_event_type_name": "issue_generic",
        "user": _user("Mia Manager", "5b10ac8d82e05b22cc7d4ef5"),
        "issue": issue,
        "changelog": {
            "id": str(20000 + n),
            "items": [{
                "field": "status", "fieldtype": "jira", "fieldId": "status",
                "from": old[1], "fromString": old[0],
                "to": issue["fields"]["status"]["id"],
                "toString": issue["fields"]["status"]["name"]}],
        },
    }


def issue_resolved(i, n, rng):
    """An issue moved to Done (the macro listener's: score + status)."""
    body = issue_updated(i, n, rng)
    body["issue"] = _issue(i, rng, status=("Done", "10002", "done"))
    body["issue"]["fields"]["resolutiondate"] = _jira_time(BASE_MS + n)
    body["changelog"]["items"][0].update(to="10002", toString="Done")
    return body


def comment_created(i, n, rng):
    """A `comment_created` delivery on issue i (the comment listener's)."""
    manager = _user("Mia Manager", "5b10ac8d82e05b22cc7d4ef5")
    manager["emailAddress"] = MANAGER
    issue = _issue(i, rng)
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
