{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>External data</h1>
<p class="hint">A data group holds typed values (fields) on users, feedback tickets or projects. Data listeners fill a group from delivery bodies; identify, filters and macros read its fields as GROUP.LABEL. {{PAGE_SIZE}} groups per page.</p>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#EMPTY}}<p class="notice">No data groups yet.</p>{{/EMPTY}}
<div class="scroll">
<table id="groups">
<thead><tr><th scope="col">Group</th><th scope="col">Target</th><th scope="col">Fields</th><th scope="col">Data listeners</th></tr></thead>
<tbody>
{{#GROUP}}
<tr>
<td><a href="/admin/data/{{NAME}}"><code>{{NAME}}</code></a></td>
<td>{{TARGET}}</td>
<td>{{FIELD_COUNT}}: {{FIELDS}}</td>
<td>{{LISTENERS}}</td>
</tr>
{{/GROUP}}
</tbody>
</table>
</div>
<p class="actions">{{#PREVIOUS}}<a href="/admin/data?page={{PREVIOUS_PAGE}}">Previous page</a>{{/PREVIOUS}}{{#NEXT}}<a href="/admin/data?page={{NEXT_PAGE}}">Next page</a>{{/NEXT}}</p>
<section class="card">
<h2>New data group</h2>
<form method="post" action="/admin/data" class="stack settings-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="g-name">Name</label>
<input id="g-name" name="name" value="{{NEW_NAME}}" required aria-describedby="g-name-help">
<span class="hint" id="g-name-help">A letter, then up to 63 letters, digits or _ (it is the GROUP in GROUP.LABEL).</span>
<label for="g-target">Target</label>
<select id="g-target" name="target">{{#TARGET_OPTION}}<option value="{{TARGET_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TARGET_VALUE}}</option>{{/TARGET_OPTION}}</select>
<button type="submit" class="primary">Create group</button>
</form>
</section>
{{>FOOTER}}
