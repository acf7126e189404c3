{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{HEADING}}</h1>
{{#ADMINS_ONLY}}<p class="notice">The community's user list is for admins. You can list the participants of your projects.</p>{{/ADMINS_ONLY}}
<p>Choose a project:</p>
{{#NONE}}<p class="muted">No projects you take part in.</p>{{/NONE}}
<ul class="projects" id="projects">
{{#PROJECT}}<li><a href="{{URL}}">{{NAME}}</a></li>
{{/PROJECT}}
</ul>
{{>FOOTER}}
