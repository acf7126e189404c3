{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Macros</h1>
<p><a class="button" href="/admin/new-macro">New macro</a></p>
<p class="hint">A macro is a named list of actions for users or feedback tickets, run by macro listeners. {{PAGE_SIZE}} macros per page.</p>
{{#EMPTY}}<p class="notice">No macros yet.</p>{{/EMPTY}}
<div class="scroll">
<table id="macros">
<thead><tr><th scope="col">Macro</th><th scope="col">Target</th><th scope="col">Actions</th><th scope="col">Listeners</th><th scope="col">Updated</th></tr></thead>
<tbody>
{{#MACRO}}
<tr>
<td><a href="/admin/macros/{{NAME}}"><code>{{NAME}}</code></a></td>
<td>{{TARGET}}</td>
<td>{{ACTIONS}}</td>
<td>{{LISTENERS}}</td>
<td>{{UPDATED}}</td>
</tr>
{{/MACRO}}
</tbody>
</table>
</div>
<p class="actions">{{#PREVIOUS}}<a href="/admin/macros?page={{PREVIOUS_PAGE}}">Previous page</a>{{/PREVIOUS}}{{#NEXT}}<a href="/admin/macros?page={{NEXT_PAGE}}">Next page</a>{{/NEXT}}</p>
{{>FOOTER}}
