{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/deliveries">Deliveries</a> / <a href="/admin/deliveries/{{ID}}">#{{ID}}</a></p>
<h1>Replay delivery #{{ID}}</h1>
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<section class="card">
<p>Delivery #{{ID}} to <code>{{KEY}}</code>, received {{AT}}, answered {{STATUS}}.</p>
<p>A replay runs it again through the listener as it is configured now: the filter applies, the API key, signature and duplicate checks do not. Its effects (values, comments, emails, webhooks) happen again. The replay is recorded as a new delivery linked to this one, and in the audit log.</p>
{{#UNAUTHENTICATED}}<p class="error">This delivery did not pass its API key and signature checks: anyone could have sent it.{{#MAY_FORCE}} Replay it only if you know where it came from.{{/MAY_FORCE}}</p>{{/UNAUTHENTICATED}}
{{#CANNOT}}<p>Only an admin may replay it.</p>{{/CANNOT}}
{{#CAN}}
<form method="post" action="/admin/deliveries/{{ID}}/replay" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#UNAUTHENTICATED}}<input type="hidden" name="force" value="yes">{{/UNAUTHENTICATED}}
<label class="check"><input type="checkbox" name="confirm" value="yes" required> I want to run delivery #{{ID}} again</label>
<button type="submit" class="primary">Replay</button>
<a href="/admin/deliveries/{{ID}}">Cancel</a>
</form>
{{/CAN}}
</section>
{{>FOOTER}}
