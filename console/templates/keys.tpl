{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>API keys</h1>
<p class="hint">Senders present a community API key with every delivery; each listener accepts exactly one. Keys are shown once, when created: earshot keeps only their SHA-256.</p>
{{#CREATED_KEY}}
<section class="card new-key" aria-labelledby="new-key-title">
<h2 id="new-key-title">API key {{NEW_NAME}} created</h2>
<p role="status">Copy it now: this is the only time it is shown. Leaving or reloading this page loses it for good.</p>
<div class="copyrow">
<code id="new-key" class="url">{{NEW_KEY}}</code>
<button type="button" class="copy" data-copy="new-key" hidden>Copy key</button>
</div>
</section>
{{/CREATED_KEY}}
{{#EMPTY}}<p class="notice">No API keys yet.</p>{{/EMPTY}}
<div class="scroll">
<table id="keys">
<thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Created (UTC)</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col">Allowed from</th><th scope="col">Listeners</th></tr></thead>
<tbody>
{{#KEY}}
<tr>
<td><a href="/admin/keys/{{NAME}}">{{NAME}}</a>{{#NOTIFIES}}<br><span class="hint">new addresses: {{NOTIFY}}</span>{{/NOTIFIES}}</td>
<td><code>{{PREFIX}}…</code></td>
<td>{{CREATED}}</td>
<td>{{#NEVER_USED}}<span class="muted">never</span>{{/NEVER_USED}}{{#USED}}{{LAST_USED}}{{/USED}}</td>
<td>{{#ACTIVE}}<span class="badge ok">active</span>{{/ACTIVE}}{{#REVOKED}}<span class="badge failed">revoked {{REVOKED_AT}}</span>{{/REVOKED}}</td>
<td>{{#ANY_ADDRESS}}<span class="muted">any address</span>{{/ANY_ADDRESS}}{{#ALLOW_LIST}}<code>{{ALLOW}}</code>{{/ALLOW_LIST}}</td>
<td>{{#UNUSED}}<span class="muted">none</span>{{/UNUSED}}{{#USE}}<a href="/admin/listeners/{{USE_KEY}}">{{USE_KEY}}</a>{{#USE_DISABLED}} <span class="muted">(disabled)</span>{{/USE_DISABLED}} {{/USE}}</td>
</tr>
{{/KEY}}
</tbody>
</table>
</div>

<section class="card">
<h2 id="create-title">New API key</h2>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="/admin/keys" class="stack settings-form" aria-labelledby="create-title">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="k-name">Name</label>
<input id="k-name" name="name" value="{{FORM_NAME}}" required pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}" aria-describedby="k-name-help">
<span class="hint" id="k-name-help">For people: who or what sends with it (jira-prod). Letters, digits, <code>_ . -</code>.</span>
<label for="k-allow">Allowed addresses (optional)</label>
<textarea id="k-allow" name="allow_ips" rows="2" aria-describedby="k-allow-help">{{FORM_ALLOW:pre_escape}}</textarea>
<span class="hint" id="k-allow-help">{{ALLOW_HELP}}</span>
<label for="k-notify">Email me when it is used from a new address (optional)</label>
<input id="k-notify" name="notify_email" type="email" value="{{FORM_NOTIFY}}" aria-describedby="k-notify-help">
<span class="hint" id="k-notify-help">One email per client address the key was not used from before, at most a few per hour.</span>
<button type="submit" class="primary">Create key</button>
</form>
</section>
{{>FOOTER}}
