{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · earshot</title>
<link rel="stylesheet" href="/admin/static/console.css">
<script src="/admin/static/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="/admin/">earshot</a>
{{#SIGNED_IN}}
<nav aria-label="Console">
<a href="/admin/listeners"{{#CURRENT_listeners}} aria-current="page"{{/CURRENT_listeners}}>Listeners</a>
<a href="/admin/deliveries"{{#CURRENT_deliveries}} aria-current="page"{{/CURRENT_deliveries}}>Deliveries</a>
<a href="/admin/audit"{{#CURRENT_audit}} aria-current="page"{{/CURRENT_audit}}>Audit log</a>
<a href="/admin/users"{{#CURRENT_users}} aria-current="page"{{/CURRENT_users}}>Users</a>
<a href="/admin/feedback"{{#CURRENT_feedback}} aria-current="page"{{/CURRENT_feedback}}>Feedback</a>
<a href="/admin/reports"{{#CURRENT_reports}} aria-current="page"{{/CURRENT_reports}}>Reports</a>
<a href="/admin/tags"{{#CURRENT_tags}} aria-current="page"{{/CURRENT_tags}}>Tags</a>
{{#ADMIN}}<a href="/admin/keys"{{#CURRENT_keys}} aria-current="page"{{/CURRENT_keys}}>API keys</a> <a href="/admin/data"{{#CURRENT_data}} aria-current="page"{{/CURRENT_data}}>External data</a> <a href="/admin/macros"{{#CURRENT_macros}} aria-current="page"{{/CURRENT_macros}}>Macros</a> <a href="/admin/outbox"{{#CURRENT_outbox}} aria-current="page"{{/CURRENT_outbox}}>Outbox</a> <a href="/admin/ops"{{#CURRENT_ops}} aria-current="page"{{/CURRENT_ops}}>Ops</a>{{/ADMIN}}
</nav>
<form class="signout" method="post" action="/admin/logout">
<span class="who">{{ACCOUNT_EMAIL}} <span class="role">{{ACCOUNT_ROLE}}</span></span>
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit">Sign out</button>
</form>
{{/SIGNED_IN}}
</header>
<main id="main">
