{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Audit log</h1>
<p class="hint">Every change made in the console, and every sign-in, newest first.{{#MANAGER}} You see your own entries.{{/MANAGER}}</p>
{{#EMPTY}}<p class="notice">Nothing recorded yet.</p>{{/EMPTY}}
<div class="scroll">
<table id="audit">
<thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">On</th><th scope="col">Detail</th><th scope="col">From</th></tr></thead>
<tbody>
{{#ENTRY}}<tr><td>{{AT}}</td><td>{{ACTOR}}</td><td><code>{{ACTION}}</code></td><td>{{OBJECT}}</td><td>{{DETAIL}}</td><td>{{CLIENT}}</td></tr>{{/ENTRY}}
</tbody>
</table>
</div>
{{>FOOTER}}
