{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/listeners">Listeners</a></p>
<h1>New listener</h1>
<p class="hint">What should a delivery do, and to what?</p>
<ul class="choices">
{{#CHOICE}}<li><a href="/admin/new-listener?type={{TYPE}}&amp;target={{TARGET}}"><strong>{{TYPE_LABEL}}</strong> on {{TARGET}}</a><br><span class="hint">{{SUMMARY}}</span></li>{{/CHOICE}}
</ul>
{{>FOOTER}}
