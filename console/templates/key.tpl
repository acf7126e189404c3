{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/keys">API keys</a></p>
<h1>API key {{NAME}} {{#ACTIVE}}<span class="badge ok">active</span>{{/ACTIVE}}{{#REVOKED}}<span class="badge failed">revoked</span>{{/REVOKED}}</h1>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<section class="card">
<dl class="settings">
<dt>Prefix</dt><dd><code>{{PREFIX}}…</code> (the key itself was shown once, when created)</dd>
<dt>Created</dt><dd>{{CREATED}} UTC</dd>
<dt>Last used</dt><dd>{{LAST_USED}}</dd>
{{#REVOKED}}<dt>Revoked</dt><dd>{{REVOKED_AT}} UTC</dd>{{/REVOKED}}
<dt>Allowed from</dt><dd><code>{{ALLOW_TEXT}}</code></dd>
<dt>New-address email</dt><dd>{{NOTIFY_TEXT}}</dd>
<dt>Listeners</dt><dd>{{#UNUSED}}<span class="muted">none</span>{{/UNUSED}}{{#USE}}<a href="/admin/listeners/{{USE_KEY}}">{{USE_KEY}}</a>{{#USE_DISABLED}} <span class="muted">(disabled)</span>{{/USE_DISABLED}} {{/USE}}</dd>
</dl>
</section>
{{#ACTIVE}}
<section class="card">
<h2 id="allow-title">Allowed addresses</h2>
<form method="post" action="/admin/keys/{{NAME}}/allow" class="stack settings-form" aria-labelledby="allow-title">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="k-allow">CIDRs or addresses</label>
<textarea id="k-allow" name="allow_ips" rows="3" aria-describedby="k-allow-help">{{ALLOW:pre_escape}}</textarea>
<span class="hint" id="k-allow-help">{{ALLOW_HELP}} Deliveries from elsewhere get 403 ip_not_allowed.</span>
<button type="submit">Save allowed addresses</button>
</form>
</section>
<section class="card">
<h2 id="notify-title">New-address notification</h2>
<form method="post" action="/admin/keys/{{NAME}}/notify" class="stack settings-form" aria-labelledby="notify-title">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="k-notify">Email when the key is used from an address not seen before</label>
<input id="k-notify" name="notify_email" type="email" value="{{NOTIFY}}" aria-describedby="k-notify-help">
<span class="hint" id="k-notify-help">Empty: off. One email per new client address (as nginx reports it), at most a few per key per hour.</span>
<button type="submit">Save notification</button>
</form>
</section>
{{/ACTIVE}}
<section class="card">
<h2>Addresses seen</h2>
<p class="hint">Recorded only while new-address notification is on.</p>
{{#NO_ADDRESSES}}<p class="muted">None recorded.</p>{{/NO_ADDRESSES}}
<ul id="addresses">{{#ADDRESS}}<li><code>{{ADDR}}</code> first {{FIRST_SEEN}} UTC, {{EMAILED}}</li>{{/ADDRESS}}</ul>
</section>
{{#ACTIVE}}<p><a class="button" href="/admin/keys/{{NAME}}/revoke">Revoke this key…</a></p>{{/ACTIVE}}
{{>FOOTER}}
