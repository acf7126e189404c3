{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/keys">API keys</a> / <a href="/admin/keys/{{NAME}}">{{NAME}}</a></p>
<h1>Revoke API key {{NAME}}</h1>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<section class="card">
{{#ALREADY}}<p>This key is already revoked.</p>{{/ALREADY}}
{{#CAN}}
<p>Senders using <code>{{PREFIX}}…</code> get 401 invalid_api_key from the moment it is revoked. A revoked key cannot be brought back: make a new one and give it to the senders.</p>
{{#STOPS_NONE}}<p>No enabled listener uses it.</p>{{/STOPS_NONE}}
{{#STOPS_ANY}}<p class="error">These enabled listeners stop working:</p>
<ul id="stops">{{#STOPS}}<li><a href="/admin/listeners/{{STOP_KEY}}">{{STOP_KEY}}</a></li>{{/STOPS}}</ul>{{/STOPS_ANY}}
<form method="post" action="/admin/keys/{{NAME}}/revoke" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label class="check"><input type="checkbox" name="confirm" value="yes" required> I want to revoke {{NAME}}</label>
<button type="submit" class="primary">Revoke key</button>
<a href="/admin/keys/{{NAME}}">Cancel</a>
</form>
{{/CAN}}
</section>
{{>FOOTER}}
