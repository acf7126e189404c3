{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/macros">Macros</a></p>
<h1>{{#CREATING}}New macro{{/CREATING}}{{#EDITING}}Macro <code>{{NAME}}</code> <span class="badge">{{TARGET}}</span>{{/EDITING}}</h1>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="{{ACTION}}" class="stack macro-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#CREATING}}
<label for="m-name">Name</label>
<input id="m-name" name="name" value="{{NAME}}" required aria-describedby="m-name-help">
<span class="hint" id="m-name-help">A letter or digit, then up to 63 letters, digits, _ . or -.</span>
<label for="m-target">Target</label>
<select id="m-target" name="target">{{#TARGET_OPTION}}<option value="{{TARGET_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TARGET_VALUE}}</option>{{/TARGET_OPTION}}</select>
{{/CREATING}}
<label for="m-document">Document (JSON)</label>
<textarea id="m-document" name="document" rows="18" spellcheck="false" aria-describedby="m-document-help">{{DOCUMENT:pre_escape}}</textarea>
<span class="hint" id="m-document-help">{"actions": [...]} with 1 to 50 actions: score, status, email, webhook, set_data, comment, delete_user. Checked when saved, as earshotctl macro create checks it.{{#OWN_SECRET}} This macro signs its webhooks with its own secret, not shown: leave webhook_secret out to keep it.{{/OWN_SECRET}}</span>
<button type="submit" class="primary">{{#CREATING}}Create macro{{/CREATING}}{{#EDITING}}Save macro{{/EDITING}}</button>
</form>
{{#EDITING}}
<section class="card">
<h2>Listeners running it</h2>
<p class="hint">Updated {{UPDATED}}.</p>
{{#NO_LISTENERS}}<p class="muted">No listener runs this macro.</p>{{/NO_LISTENERS}}
<ul>{{#LISTENER}}<li><a href="/admin/listeners/{{KEY}}"><code>{{KEY}}</code></a></li>{{/LISTENER}}</ul>
</section>
<details class="danger card">
<summary>Delete this macro</summary>
<p>A macro a listener runs cannot be deleted.</p>
<form method="post" action="/admin/macros/{{NAME}}/delete" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label class="check"><input type="checkbox" name="confirm" value="yes" required> I want to delete macro {{NAME}}</label>
<button type="submit">Delete macro</button>
</form>
</details>
{{/EDITING}}
{{>FOOTER}}
