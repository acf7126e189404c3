{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
<p class="notice">{{MESSAGE}}</p>
<p><a href="/admin/">Back to the console</a></p>
{{>FOOTER}}
