{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Dynamic tags</h1>
<p class="hint">Tags a macro's texts may use for its target (emails, comments, statuses, webhook bodies). <a href="/admin/tags?kind=users"{{#KIND_USERS}} aria-current="page"{{/KIND_USERS}}>Users' macros</a> · <a href="/admin/tags?kind=feedback"{{#KIND_FEEDBACK}} aria-current="page"{{/KIND_FEEDBACK}}>Feedback macros</a></p>
<form class="stack settings-form" method="get" action="/admin/tags">
<input type="hidden" name="kind" value="{{KIND}}">
<label for="target">Preview for {{#KIND_USERS}}user{{/KIND_USERS}}{{#KIND_FEEDBACK}}ticket{{/KIND_FEEDBACK}} id</label>
<input id="target" name="target" value="{{TARGET}}" inputmode="numeric" size="12">
{{#KIND_USERS}}<label for="project">Project id (project scope: user.status and user.score are the project's; empty for the community)</label>
<input id="project" name="project" value="{{PROJECT}}" inputmode="numeric" size="12">{{/KIND_USERS}}
<label for="text">A template to try</label>
<textarea id="text" name="text" rows="3" cols="60">{{TEXT}}</textarea>
<button type="submit" class="primary">Preview</button>
</form>
{{#ERROR}}<p class="error" role="alert" id="tags-error">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#RESULT}}<h2>Filled</h2><pre id="filled">{{FILLED}}</pre>{{/RESULT}}
{{#PARSED_OK}}<p class="notice">The template is valid. Give a target id to see it filled.</p>{{/PARSED_OK}}
<h2>Tags</h2>
<p class="hint">Also <code>{{PAYLOAD_TAG}}</code>: a value of the delivery's body (empty in this preview, which has no delivery). A tag without a value fills as empty text (null in JSON).</p>
<div class="scroll"><table id="tags">
<thead><tr><th scope="col">Tag</th><th scope="col">Type</th>{{#VALUE_COLUMN}}<th scope="col">Value{{#PREVIEWING}} for this target{{/PREVIEWING}}</th>{{/VALUE_COLUMN}}</tr></thead>
<tbody>
{{#TAG}}<tr><td><code>{{TAG}}</code></td><td>{{TYPE}}</td>{{#VALUE_COLUMN}}<td>{{#HAS_VALUE}}{{VALUE}}{{/HAS_VALUE}}</td>{{/VALUE_COLUMN}}</tr>
{{/TAG}}
</tbody></table></div>
{{>FOOTER}}
