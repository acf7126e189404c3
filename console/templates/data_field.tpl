{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/data">External data</a> / <a href="/admin/data/{{GROUP}}">{{GROUP}}</a></p>
<h1>Field <code>{{GROUP}}.{{LABEL}}</code></h1>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<section class="card">
<dl class="settings">
<dt>Target</dt><dd>{{TARGET}}</dd>
<dt>Values stored</dt><dd>{{VALUES}}</dd>
<dt>Used by</dt><dd>{{USES}}</dd>
</dl>
<form method="post" action="/admin/data/{{GROUP}}/fields/{{LABEL}}" class="settings-form with-picker">
<div class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="f-param">Parameter</label>
<input id="f-param" name="param" value="{{PARAM}}" required aria-describedby="f-param-help" data-pointer-field="pointer">
<span class="hint" id="f-param-help">A JSON Pointer into delivery bodies, such as /issue/key. Changing it applies to the next delivery.</span>
<label for="f-type">Type</label>
<select id="f-type" name="type" aria-describedby="f-type-help">{{#TYPE_OPTION}}<option value="{{TYPE_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TYPE_VALUE}}</option>{{/TYPE_OPTION}}</select>
<span class="hint" id="f-type-help">The type can change only while the field holds no value and nothing uses it.</span>
<button type="submit" class="primary">Save field</button>
</div>
{{>PAYLOAD_PICKER}}
</form>
</section>
<details class="danger card">
<summary>Delete this field</summary>
<p>Only a field that holds no value and that no listener or macro uses can be deleted.</p>
<form method="post" action="/admin/data/{{GROUP}}/fields/{{LABEL}}/delete" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label class="check"><input type="checkbox" name="confirm" value="yes" required> I want to delete field {{GROUP}}.{{LABEL}}</label>
<button type="submit">Delete field</button>
</form>
</details>
{{>FOOTER}}
