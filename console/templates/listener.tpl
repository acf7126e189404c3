{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/listeners">Listeners</a> / {{SCOPE}}</p>
<h1>{{NAME}} <span class="badge {{ENABLED_CLASS}}">{{ENABLED}}</span></h1>
{{#DESCRIPTION}}<p>{{DESCRIPTION_TEXT}}</p>{{/DESCRIPTION}}

<section class="card">
<h2>Endpoint</h2>
<p class="hint">Senders POST JSON here, with the API key in <code>Authorization: Bearer</code>.</p>
<div class="copyrow">
<code id="endpoint-url" class="url">{{URL}}</code>
<button type="button" class="copy" data-copy="endpoint-url" hidden>Copy URL</button>
</div>
<h3>Try it with curl</h3>
<div class="copyrow">
<pre id="curl-line">{{CURL:pre_escape}}</pre>
<button type="button" class="copy" data-copy="curl-line" hidden>Copy</button>
</div>
</section>

<section class="card">
<h2>Settings</h2>
<dl class="settings">
<dt>Key</dt><dd><code>{{KEY}}</code></dd>
<dt>Type</dt><dd>{{TYPE}}</dd>
<dt>Targets</dt><dd>{{TARGET}}</dd>
<dt>Scope</dt><dd>{{SCOPE}}</dd>
<dt>API key</dt><dd>{{API_KEY}} <code>{{API_KEY_PREFIX}}…</code>{{#API_KEY_REVOKED}} <span class="badge failed">revoked</span>{{/API_KEY_REVOKED}}</dd>
<dt>Identify</dt><dd><code>{{IDENTIFY}}</code></dd>
<dt>Filter</dt><dd><code>{{FILTER}}</code></dd>
<dt>Signature</dt><dd>{{SIGNATURE}}</dd>
{{#SETTING}}<dt>{{SETTING_NAME}}</dt><dd><code>{{SETTING_VALUE}}</code></dd>{{/SETTING}}
<dt>Created</dt><dd>{{CREATED}}</dd>
<dt>Changed</dt><dd>{{UPDATED}}</dd>
</dl>
<div class="actions">
<a class="button" href="/admin/listeners/{{KEY}}/edit">Edit settings</a>
<a class="button" href="/admin/listeners/{{KEY}}/try">Try a payload</a>
<form method="post" action="/admin/listeners/{{KEY}}/enabled">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="enabled" value="{{TOGGLE_VALUE}}">
<button type="submit">{{TOGGLE_LABEL}}</button>
</form>
</div>
<details class="danger">
<summary>Delete this listener</summary>
<form method="post" action="/admin/listeners/{{KEY}}/delete" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p>Senders get 404 from then on; its logged deliveries stay in the log.</p>
<label for="confirm-delete">Type <code>{{KEY}}</code> to confirm</label>
<input id="confirm-delete" name="confirm" autocomplete="off" required>
<button type="submit">Delete listener</button>
</form>
</details>
</section>

<section class="card">
<h2>Latest deliveries</h2>
{{#NO_DELIVERIES}}<p class="muted">No deliveries yet. Send one with the curl line above.</p>{{/NO_DELIVERIES}}
<div class="scroll">
<table>
<thead><tr><th scope="col">Event</th><th scope="col">Received (UTC)</th><th scope="col">Status</th><th scope="col">Error</th><th scope="col">Delivery id</th></tr></thead>
<tbody>
{{#DELIVERY}}
<tr><td><a href="/admin/deliveries/{{ID}}">#{{ID}}</a></td><td>{{AT}}</td><td><span class="badge {{STATUS_CLASS}}">{{STATUS}}</span></td><td>{{ERROR}}</td><td><code>{{DELIVERY_ID}}</code></td></tr>
{{/DELIVERY}}
</tbody>
</table>
</div>
<p><a href="/admin/deliveries?listener={{KEY}}">All deliveries of this listener</a></p>
</section>
{{>FOOTER}}
