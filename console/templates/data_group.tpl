{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/data">External data</a></p>
<h1>Data group <code>{{GROUP}}</code> <span class="badge">{{TARGET}}</span></h1>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<section class="card">
<h2>Fields</h2>
{{#NO_FIELDS}}<p class="muted">No fields yet.</p>{{/NO_FIELDS}}
<div class="scroll">
<table id="fields">
<thead><tr><th scope="col">Label</th><th scope="col">Parameter</th><th scope="col">Type</th><th scope="col">Values</th><th scope="col">Used by</th></tr></thead>
<tbody>
{{#FIELD}}
<tr>
<td><a href="/admin/data/{{GROUP}}/fields/{{LABEL}}"><code>{{LABEL}}</code></a></td>
<td><code>{{PARAM}}</code></td>
<td>{{TYPE}}</td>
<td>{{VALUES}}</td>
<td>{{USES}}</td>
</tr>
{{/FIELD}}
</tbody>
</table>
</div>
</section>
<section class="card">
<h2>Add a field</h2>
<form method="post" action="/admin/data/{{GROUP}}/fields" class="settings-form with-picker">
<div class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="f-label">Label</label>
<input id="f-label" name="label" value="{{NEW_LABEL}}" required aria-describedby="f-label-help">
<span class="hint" id="f-label-help">A letter, then up to 63 letters, digits or _. It cannot change later: listeners and macros name it.</span>
<label for="f-param">Parameter</label>
<input id="f-param" name="param" value="{{NEW_PARAM}}" required aria-describedby="f-param-help" data-pointer-field="pointer">
<span class="hint" id="f-param-help">A JSON Pointer into delivery bodies, such as /issue/key.</span>
<label for="f-type">Type</label>
<select id="f-type" name="type">{{#TYPE_OPTION}}<option value="{{TYPE_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TYPE_VALUE}}</option>{{/TYPE_OPTION}}</select>
<button type="submit" class="primary">Add field</button>
</div>
{{>PAYLOAD_PICKER}}
</form>
</section>
<section class="card">
<h2>Data listeners</h2>
{{#NO_LISTENERS}}<p class="muted">No data listener writes this group.</p>{{/NO_LISTENERS}}
<ul>{{#LISTENER}}<li><a href="/admin/listeners/{{KEY}}"><code>{{KEY}}</code></a></li>{{/LISTENER}}</ul>
</section>
<details class="danger card">
<summary>Delete this group</summary>
<p>Only a group no listener or macro uses and whose fields hold no value can be deleted.</p>
<form method="post" action="/admin/data/{{GROUP}}/delete" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label class="check"><input type="checkbox" name="confirm" value="yes" required> I want to delete group {{GROUP}} and its fields</label>
<button type="submit">Delete group</button>
</form>
</details>
{{>FOOTER}}
